#!/usr/bin/env node
// Bundles the compiled frontend (dist/frontend/src/main.js and what it
// imports, yargs and asn1js included) into the one file `ktrace` runs,
// dist/frontend/src/cli.js. Node resolves, stats and reads every module it
// loads: ~200 of them cost 10-20 s per start in a TCG guest over 9p, most of
// a CLI test's time, and they add up on slow disks and network homes. One file
// is read once. blessed stays outside (it reads its terminfo files from its own
// directory and is loaded only by the dashboard), as does ioctl-napi (a native
// addon).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const dir = path.join(__dirname, '..', 'dist', 'frontend', 'src');
const outfile = path.join(dir, 'cli.js');
esbuild.buildSync({
  entryPoints: [path.join(dir, 'main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Stack traces (KTRACE_DEBUG=1) name the classes and functions of the source.
  keepNames: true,
  external: ['blessed', 'ioctl-napi'],
  logLevel: 'warning',
});
fs.chmodSync(outfile, 0o755);
