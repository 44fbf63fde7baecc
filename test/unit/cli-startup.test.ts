// The CLI's start loads only what the command needs. Each command's module is loaded when the
// command runs (extension/cli/main.ts), and undici (the cloud transport and the proxy path of a
// fetch) on its first use: undici took ~20 ms of every start (extension/openstack/http/undici.ts),
// the other commands' modules ~25-35 ms more (extension/cli/main.ts has the figures). Node lists
// every built-in module it has loaded in `process.moduleLoadList`, which gives two fingerprints:
// http2, which in our bundle only undici requires (its HTTP/2 client), and readline, which only
// the commands that log in to clouds require (the password prompt, extension/cli/session.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAsShipped } from './support/shippedBundle';

/** Built-in modules loaded by `node bundle ...args`, as `process.moduleLoadList` names them. */
function builtinsLoadedBy(bundle: string, args: string[], dir: string): string[] {
  const report = path.join(dir, 'modules.json');
  const probe = path.join(dir, 'probe.cjs');
  fs.writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));\n`);
  const r = spawnSync(process.execPath, ['--require', probe, bundle, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(fs.readFileSync(report, 'utf8')) as string[];
}

test('the CLI starts without undici nor the cloud commands (--version, fetch --list); the bundle still has them for what uses them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-startup-'));
  try {
    const bundle = await buildAsShipped('dist/cli.bundle.js', dir);
    const text = fs.readFileSync(bundle, 'utf8');
    for (const fingerprint of ['http2', 'readline']) assert.ok(text.includes(`require("node:${fingerprint}")`), `${fingerprint} is gone from the bundle: pick another fingerprint`);
    for (const args of [['--version'], ['fetch', '--list']]) {
      const loaded = builtinsLoadedBy(bundle, args, dir);
      assert.ok(loaded.includes('NativeModule fs'), 'the probe saw no module list');
      assert.ok(!loaded.includes('NativeModule http2'), `${args.join(' ')} loaded undici`);
      assert.ok(!loaded.includes('NativeModule readline'), `${args.join(' ')} loaded the cloud commands`);
    }
    // A command that does log in loads its module on demand: `images` runs, and looks for clouds.
    const listing = spawnSync(process.execPath, [bundle, 'images', '--cloud', 'nowhere'], { encoding: 'utf8', cwd: dir, env: { PATH: process.env.PATH, HOME: dir } });
    assert.notEqual(listing.status, 0);
    assert.match(listing.stderr, /^openstack-clouds images: .*clouds\.yaml/, 'images ran');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
