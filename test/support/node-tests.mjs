// Runs the TypeScript tests of one folder with Node's built-in test runner.
// Each `*.test.ts` is bundled by esbuild (npm packages stay external) into out/, then
// `node --test` runs them with our summary reporter.
//   node test/support/node-tests.mjs <folder under test/> [--concurrency N] [name filter]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsYamlPlugin } from '../../scripts/jsYamlPlugin.mjs';

const args = process.argv.slice(2);
const folder = args.shift();
if (!folder) throw new Error('usage: node-tests.mjs <folder> [--concurrency N] [filter]');
let concurrency = 'true';
const ci = args.indexOf('--concurrency');
if (ci !== -1) { concurrency = args[ci + 1]; args.splice(ci, 2); }
const filter = args[0];

const root = path.resolve(import.meta.dirname, '../..');
const srcDir = path.join(root, 'test', folder);
const outDir = path.join(root, 'out', 'test', folder);

function findTests(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return findTests(p);
    return d.name.endsWith('.test.ts') && (!filter || p.includes(filter)) ? [p] : [];
  });
}

const entries = findTests(srcDir);
if (entries.length === 0) {
  console.log(`${folder}: no tests found in ${srcDir}`);
  console.log(`${folder}: 0 passed, 1 failed`);
  process.exit(1);
}
fs.rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: entries,
  outdir: outDir,
  outbase: srcDir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  plugins: [jsYamlPlugin], // js-yaml bundled, as Ansible reads YAML (as in the product)
  sourcemap: 'inline',
  logLevel: 'warning',
  define: { __PACKAGE_VERSION__: JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version) },
});
const files = entries.map((e) => path.join(outDir, path.relative(srcDir, e)).replace(/\.test\.ts$/, '.test.cjs'));
// The unit tests' scratch files (os.tmpdir()) go to one folder per run, removed after it: tests
// that fail (or forget) leave nothing behind in /tmp. Only for unit tests: the other stages hand
// files to services and a chroot that may not see such a folder.
const scratch = folder === 'unit' ? fs.mkdtempSync(path.join(os.tmpdir(), 'openstack-clouds-unit-')) : undefined;
const result = spawnSync(process.execPath, [
  '--enable-source-maps', '--test', `--test-concurrency=${concurrency}`,
  '--test-reporter', path.join(root, 'test/support/summary-reporter.mjs'), '--test-reporter-destination', 'stdout',
  ...files,
], { stdio: 'inherit', env: { ...process.env, TEST_STAGE: folder, ...(scratch ? { TMPDIR: scratch } : {}) }, cwd: root });
if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
