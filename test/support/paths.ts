import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found upward from the compiled test (dist/test/...) or its source. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root (package.json) not found');
    dir = parent;
  }
  return dir;
}
