// The CLI's launcher (extension/cli/launcher.ts, built as esbuild.mjs builds dist/cli.js) runs the
// bundle beside it through V8's code cache: the cache is written by a run without one, used by the
// next, never used for another bundle (even of the same length), a read-only install still runs,
// and with --enable-source-maps Node loads the bundle itself (it maps no vm.Script). A stand-in bundle shows what the launcher gives it (arguments, exit code, line numbers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { buildAsShipped } from './support/shippedBundle';

/** A bundle that reports what it was given; `tag` changes the code, not its length. */
function standInBundle(tag: 'A' | 'B'): string {
  return [
    "'use strict';",
    `const tag = '${tag}';`,
    "const line = new Error().stack.split('\\n')[1].match(/:(\\d+):\\d+\\)?$/)[1];",
    "process.stdout.write(JSON.stringify({ tag, line: Number(line), args: process.argv.slice(2), file: __filename, fs: typeof require('node:fs').readFileSync, self: module.exports === exports }));",
    'process.exitCode = 3;',
    '',
  ].join('\n');
}

function run(launcher: string): { out: Record<string, unknown>; status: number | null } {
  const r = spawnSync(process.execPath, [launcher, 'upload', 'x'], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  return { out: JSON.parse(r.stdout) as Record<string, unknown>, status: r.status };
}

test('the launcher runs the bundle beside it, writes the code cache, uses it, and refuses one made for other code', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-launcher-'));
  try {
    const launcher = await buildAsShipped('dist/cli.js', dir);
    const bundle = path.join(dir, 'cli.bundle.js');
    const cache = `${bundle}.v8cache`;
    fs.writeFileSync(bundle, standInBundle('A'));

    const first = run(launcher);
    assert.equal(first.status, 3, 'the bundle\'s exit code is the command\'s');
    assert.deepEqual(first.out, { tag: 'A', line: 3, args: ['upload', 'x'], file: bundle, fs: 'function', self: true });
    assert.ok(fs.existsSync(cache), 'a run without a cache writes one');
    const written = fs.readFileSync(cache);
    assert.ok(written.length > 32);

    const inode = fs.statSync(cache).ino;
    assert.deepEqual(run(launcher).out.tag, 'A');
    assert.equal(fs.statSync(cache).ino, inode, 'V8 took the cache: a refused one would have been replaced (a rename, a new inode)');

    // Another bundle of exactly the same length: V8 alone would take the old code for it.
    fs.writeFileSync(bundle, standInBundle('B'));
    assert.equal(fs.statSync(bundle).size, Buffer.byteLength(standInBundle('A')));
    assert.equal(run(launcher).out.tag, 'B', 'the cache of the old bundle is not used');
    assert.notEqual(fs.statSync(cache).ino, inode, 'and a cache for the new bundle replaced it');
    assert.notDeepEqual(fs.readFileSync(cache).subarray(0, 32), written.subarray(0, 32), 'made for the new bundle');
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.partial')), [], 'no partial file is left behind');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with --enable-source-maps the launcher lets Node load the bundle, so stack traces point into the sources', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-launcher-maps-'));
  try {
    const launcher = await buildAsShipped('dist/cli.js', dir);
    // A bundle with its source map, as the development build makes it.
    fs.writeFileSync(path.join(dir, 'source.ts'), 'function boom(): never {\n  throw new Error("boom");\n}\nboom();\n');
    await esbuild.build({ entryPoints: [path.join(dir, 'source.ts')], bundle: true, platform: 'node', format: 'cjs', sourcemap: 'linked', outfile: path.join(dir, 'cli.bundle.js'), logLevel: 'error' });
    const mapped = spawnSync(process.execPath, ['--enable-source-maps', launcher], { encoding: 'utf8' });
    assert.match(mapped.stderr, /source\.ts:2:/, 'the throw is shown in the source');
    assert.ok(!fs.existsSync(path.join(dir, 'cli.bundle.js.v8cache')), 'and no code cache is made for it');
    const cached = spawnSync(process.execPath, [launcher], { encoding: 'utf8' });
    assert.match(cached.stderr, /cli\.bundle\.js:\d+:/, 'without source maps: the code cache, lines of the bundle');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a launcher that cannot write its cache (as in a read-only install) runs all the same', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-launcher-ro-'));
  try {
    const launcher = await buildAsShipped('dist/cli.js', dir);
    const bundle = path.join(dir, 'cli.bundle.js');
    fs.writeFileSync(bundle, standInBundle('A'));
    // A directory where the cache goes: unreadable as a cache and not replaceable by a file, which
    // fails the write even for root (who could write into a read-only directory).
    fs.mkdirSync(`${bundle}.v8cache`);
    const r = run(launcher);
    assert.equal(r.status, 3);
    assert.equal(r.out.tag, 'A');
    assert.ok(fs.statSync(`${bundle}.v8cache`).isDirectory());
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.partial')), [], 'the failed write left nothing');
    t.diagnostic('cache place blocked by a directory: the run compiled the bundle and went on');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
