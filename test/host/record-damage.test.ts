// Damaged recordings (issue: reliability, record files): every kind of
// damage gives one clear error that says where, a non-zero exit, and the
// records before the damage are still reported.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const original = fs.readFileSync(path.join(repo, 'test/fixtures/known.ktr'));
const headerLength = original.readUInt32LE(8);
const streamStart = 12 + headerLength;

function report(bytes: Uint8Array) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-damage-')), 'damaged.ktr');
  fs.writeFileSync(file, bytes);
  const r = spawnSync(process.execPath, [path.join(repo, 'dist/frontend/src/cli.js'), 'report', file], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replaceAll(file, 'FILE') };
}

function withHeader(edit: (header: Record<string, unknown>) => void): Buffer {
  const header = JSON.parse(original.subarray(12, streamStart).toString('utf8')) as Record<string, unknown>;
  edit(header);
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([original.subarray(0, 8), length, json, original.subarray(streamStart)]);
}

describe('ktrace report on damaged recordings', () => {
  const intact = report(original);

  it('reports the intact recording in full (the baseline)', () => {
    assert.equal(intact.code, 0, intact.stderr);
    assert.ok(intact.stdout.split('\n').length > 15);
  });

  it('a file that is not a recording: bad magic at offset 0', () => {
    const r = report(Buffer.from('#!/bin/sh\necho not a trace\n'));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'ktrace: FILE: not a ktrace recording (bad magic at offset 0)\n');
  });

  it('cut inside the header: a truncated header, with its size', () => {
    const r = report(original.subarray(0, 30));
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'ktrace: FILE: truncated header (30 bytes)\n');
    assert.equal(r.stdout, '');
  });

  it('an impossible header length, at offset 8', () => {
    const bytes = Buffer.from(original);
    bytes.writeUInt32LE(1 << 30, 8);
    const r = report(bytes);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'ktrace: FILE: corrupt header length 1073741824 at offset 8\n');
  });

  it('a header that is not JSON, at offset 12', () => {
    const bytes = Buffer.from(original);
    bytes[12] = 0x23;
    const r = report(bytes);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'ktrace: FILE: corrupt header (offset 12)\n');
  });

  it('a recording of another ABI version: refused with both versions, exit 3', () => {
    const r = report(withHeader((h) => (h.abiVersion = 99)));
    assert.equal(r.code, 3);
    assert.equal(r.stderr, 'ktrace: FILE: recorded with ABI 99, this ktrace reads ABI 3\n');
  });

  it('garbage in the middle of the stream: what precedes is reported, the damage has an offset', () => {
    const bytes = Buffer.from(original);
    const middle = streamStart + Math.floor((original.length - streamStart) / 2);
    bytes.fill(0xff, middle, middle + 8);
    const r = report(bytes);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^ktrace: FILE: malformed at offset ${middle + 1}: field tag 0xff is not CONTEXT PRIMITIVE; resumed at the next keyframe\\n`));
    // Every line before the damage is the intact recording's.
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.ok(lines.length >= 5);
    const intactLines = intact.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 5), intactLines.slice(0, 5));
  });
});
