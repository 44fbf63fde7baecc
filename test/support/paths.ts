import fs from 'node:fs';
import path from 'node:path';

/** The repository root, found from wherever the bundled test runs (out/test/...). */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'extension'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
})();

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

export function fixture(...parts: string[]): string {
  return path.join(fixturesDir, ...parts);
}
