// Recorded streams in test/fixtures/, dropped in by whoever records them:
//   NAME.bin          raw bytes read from /dev/trace (whole records)
//   NAME.strace.txt   optional: the strace view's expected lines for NAME.bin
//   NAME.json         optional: { "options": StraceOptions subset, "records": n }
// Tests iterate whatever is there; with no fixtures they check nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

export interface Fixture {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly expectedStrace?: readonly string[];
  readonly meta?: { readonly options?: { readonly follow?: boolean; readonly snapLength?: number }; readonly records?: number };
}

export function fixturesDir(): string {
  return path.join(repoRoot(), 'test', 'fixtures');
}

export function loadFixtures(): Fixture[] {
  const dir = fixturesDir();
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.bin'.length);
      const txt = path.join(dir, `${name}.strace.txt`);
      const json = path.join(dir, `${name}.json`);
      return {
        name,
        bytes: new Uint8Array(fs.readFileSync(path.join(dir, file))),
        expectedStrace: fs.existsSync(txt) ? fs.readFileSync(txt, 'utf8').split('\n').filter((l) => l !== '') : undefined,
        meta: fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, 'utf8')) as Fixture['meta']) : undefined,
      };
    });
}
