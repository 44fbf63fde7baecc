// Stage `typecheck`: strict `tsc --noEmit` over extension/, webview/, test/ and bench/, then
// `node --check` on every plain script in scripts/, bench/ and test/ (tsc does not read .mjs/.cjs
// files, so a syntax error in `npm run demo` once went unnoticed). Closing line: each file parsed
// is one passed test, tsc one more.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const SCRIPT_DIRS = ['scripts', 'bench', 'test'];
const SCRIPT_FILE = /\.(mjs|cjs|js)$/;

/** Every .mjs/.cjs/.js file under `dir` (relative to the repository), skipping node_modules. */
function scriptsUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...scriptsUnder(rel));
    else if (entry.isFile() && SCRIPT_FILE.test(entry.name)) found.push(rel);
  }
  return found.sort();
}

/** `node --check` on each file; returns the files that do not parse, with node's message. */
function checkSyntax(files) {
  const failures = [];
  for (const file of files) {
    const r = spawnSync(process.execPath, ['--check', file], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) failures.push(`${file}:\n${r.stderr.trim()}`);
  }
  return failures;
}

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const typed = spawnSync(process.execPath, [tsc, '--noEmit', '-p', root], { stdio: 'inherit', cwd: root });
const scripts = SCRIPT_DIRS.flatMap(scriptsUnder);
const failures = checkSyntax(scripts);
for (const failure of failures) console.log(`node --check failed: ${failure}\n`);
console.log(`node --check: ${scripts.length - failures.length} of ${scripts.length} scripts in ${SCRIPT_DIRS.join('/, ')}/ parse`);
const failed = (typed.status === 0 ? 0 : 1) + failures.length;
const passed = (typed.status === 0 ? 1 : 0) + scripts.length - failures.length;
console.log(`typecheck: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
