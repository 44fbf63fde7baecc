import { test } from 'node:test';
import assert from 'node:assert/strict';
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
  const bad = capture();
  assert.equal(await runCli(['frobnicate'], bad), 2);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
});
