// The CLI's start loads only what the command needs: undici (the cloud transport and the proxy
// path of a fetch) is loaded on its first use, not with the bundle. It took ~20 ms of every start,
// which a `fetch` from a mirror without a proxy, `--help` and `--version` never need. Node's http2
// is the fingerprint: in our bundle only undici requires it (its HTTP/2 client), and Node lists
// every built-in module it has loaded in `process.moduleLoadList`.
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

test('the CLI starts without undici (--version, fetch --list); the bundle still has it for what uses it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-startup-'));
  try {
    const bundle = await buildAsShipped('dist/cli.bundle.js', dir);
    assert.match(fs.readFileSync(bundle, 'utf8'), /require\("node:http2"\)/, 'the fingerprint is gone from the bundle: pick another');
    for (const args of [['--version'], ['fetch', '--list']]) {
      const loaded = builtinsLoadedBy(bundle, args, dir);
      assert.ok(loaded.includes('NativeModule fs'), 'the probe saw no module list');
      assert.ok(!loaded.includes('NativeModule http2'), `${args.join(' ')} loaded undici`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
