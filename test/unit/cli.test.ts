import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths';
import { runCli, VERSION } from '../../extension/cli/main';

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

test('--version prints the package version', async () => {
  const io = capture();
  assert.equal(await runCli(['--version'], io), 0);
  assert.equal(io.stdout.trim(), VERSION);
  assert.match(VERSION, /^\d+\.\d+\.\d+/);
});

test('--help lists the commands; an unknown command exits 2 with help on stderr', async () => {
  const io = capture();
  assert.equal(await runCli(['--help'], io), 0);
  assert.match(io.stdout, /Usage: openstack-clouds/);
  // Every variable of our own that the CLI's code reads is explained there.
  const ours = new Set<string>();
  const extension = path.join(repoRoot, 'extension');
  for (const file of fs.readdirSync(extension, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
    for (const m of fs.readFileSync(path.join(extension, file), 'utf8').matchAll(/\bOPENSTACK_CLOUDS_[A-Z_]+/g)) ours.add(m[0]);
  }
  assert.ok(ours.size >= 5, `found ${[...ours]}`);
  for (const name of [...ours, 'OS_CLOUD', 'OS_CLIENT_CONFIG_FILE', 'HTTPS_PROXY', 'NO_PROXY', 'XDG_CACHE_HOME']) assert.match(io.stdout, new RegExp(`\\b${name}\\b`), `--help explains ${name}`);
  const bad = capture();
  assert.equal(await runCli(['frobnicate'], bad), 2);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
});
