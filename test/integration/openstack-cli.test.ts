// The CLI end to end (dist/cli.js, built here) against the real local OpenStack.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startForwardProxy } from '../support/forwardProxy';
import { osc } from '../support/osc';
import { repoRoot } from '../support/paths';
import { CLOUDS, cloudsYamlPath, leftovers, makeQcow2, cleanUp, scratchDir, session, uniqueName } from '../support/cloudSessions';

const dir = scratchDir();
const prefix = uniqueName('cli');
const cli = path.join(repoRoot, 'dist', 'cli.js');

function run(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYamlPath(), ...env }, timeout: 180_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
/** As run(), without blocking the event loop (the test serves the image the CLI imports). */
function runAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYamlPath(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
const clouds = CLOUDS.flatMap((c) => ['--cloud', c]);

before(() => {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
});

after(() => cleanUp(prefix, dir));

test('images, servers, flavors, networks --json list every cloud; exit 0', () => {
  for (const command of ['images', 'servers', 'flavors', 'networks']) {
    const r = run([command, ...clouds, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), CLOUDS.map((c) => `${c}/RegionOne`));
    for (const list of Object.values(out)) assert.ok(Array.isArray(list), `${command}: ${JSON.stringify(list).slice(0, 200)}`);
  }
});

test('upload to three clouds, boot with --auto-ip (public IP printed), delete server and image', () => {
  const file = makeQcow2(dir, 'cli.qcow2');
  const name = `${prefix}-img`;
  const up = run(['upload', file, ...clouds, '--name', name, '--json']);
  assert.equal(up.code, 0, up.stdout + up.stderr);
  const results = JSON.parse(up.stdout).results as { cloud: string; ok: boolean; method: string; format: string }[];
  assert.deepEqual(results.map((r) => [r.cloud, r.ok, r.method, r.format]), [
    ['local-password/RegionOne', true, 'put', 'qcow2'], ['local-appcred/RegionOne', true, 'glance-direct', 'qcow2'], ['local-tasks/RegionOne', true, 'tasks', 'raw'],
  ]);
  const server = `${prefix}-srv`;
  const boot = run(['boot', server, '--cloud', 'local-password', '--cloud', 'local-tasks', '--image', name, '--flavor', 'm1.tiny', '--network', 'private', '--auto-ip']);
  assert.equal(boot.code, 0, boot.stdout + boot.stderr);
  assert.match(boot.stdout, /^local-password\/RegionOne: .* ACTIVE public IPv4 203\.0\.113\.\d+ /m);
  assert.match(boot.stdout, /^local-tasks\/RegionOne: .* ACTIVE public IPv4 203\.0\.113\.\d+ /m);
  const del = run(['delete', 'server', server, '--cloud', 'local-password', '--cloud', 'local-tasks', '--wait']);
  assert.equal(del.code, 0, del.stdout + del.stderr);
  assert.match(del.stdout, /local-password\/RegionOne: deleted server .*, released floating IP 203\.0\.113\.\d+/);
  const delImage = run(['delete', 'image', name, ...clouds]);
  assert.equal(delImage.code, 0, delImage.stdout + delImage.stderr);
  assert.equal((delImage.stdout.match(/deleted image/g) ?? []).length, 3);
});

test('upload from a URL: the cloud imports it itself (web-download)', async () => {
  const file = makeQcow2(dir, 'served.qcow2');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/served.qcow2`;
    const r = await runAsync(['upload', url, '--cloud', 'local-appcred', '--name', `${prefix}-url`, '--disk-format', 'qcow2']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^local-appcred\/RegionOne: imported .* \(qcow2, web-download, /m);
    assert.equal(run(['upload', url, '--cloud', 'local-appcred']).code, 2, 'a URL needs --disk-format');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('one failing cloud fails only itself: exit 1, the others still answer; a canary password is never printed', () => {
  const yaml = fs.readFileSync(cloudsYamlPath(), 'utf8').replace('password: password-secret', 'password: canary-Wr0ngPassw0rd');
  const broken = path.join(dir, 'clouds.yaml');
  fs.writeFileSync(broken, yaml, { mode: 0o600 });
  const r = run(['images', ...clouds], { OS_CLIENT_CONFIG_FILE: broken });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /== local-password\/RegionOne\nerror: local-password\/RegionOne: authentication failed/);
  assert.match(r.stdout, /== local-tasks\/RegionOne\nID/);
  assert.doesNotMatch(r.stdout + r.stderr, /canary-Wr0ngPassw0rd/);
});

test('usage errors exit 2 with a clear message', () => {
  const r = run(['images', '--cloud', 'no-such-cloud']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not in .*: no-such-cloud \(clouds: local-password, local-appcred, local-tasks/);
  assert.equal(run(['upload', '--cloud', 'local-password']).code, 2);
});

test('behind HTTP_PROXY, ours and python-openstackclient send their requests through it alike (absolute form); NO_PROXY=127.0.0.0/8 takes both past it', async () => {
  const proxy = await startForwardProxy();
  try {
    const cloud = 'local-password';
    const viaProxy = { HTTP_PROXY: proxy.url, http_proxy: proxy.url, NO_PROXY: '', no_proxy: '' };
    const ours = await runAsync(['images', '--cloud', cloud, '--json'], viaProxy);
    assert.equal(ours.code, 0, ours.stderr);
    const oursLines = proxy.lines.splice(0);
    await osc(cloudsYamlPath(), cloud, ['image', 'list', '-f', 'json'], { env: viaProxy });
    const theirs = proxy.lines.splice(0);
    for (const [who, lines] of [['ours', oursLines], ['openstack', theirs]] as const) {
      assert.ok(lines.length >= 2, `${who}: ${lines.join(', ')}`);
      for (const line of lines) assert.match(line, /^(GET|POST) http:\/\/127\.0\.0\.1:\d+\//, `${who} sent ${line}`);
      assert.ok(lines.some((l) => /^POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens$/.test(l)), `${who}: ${lines.join(', ')}`);
      assert.ok(lines.some((l) => /^GET http:\/\/127\.0\.0\.1:\d+\/v2\/images/.test(l)), `${who}: ${lines.join(', ')}`);
    }
    const direct = { ...viaProxy, NO_PROXY: '127.0.0.0/8', no_proxy: '127.0.0.0/8' };
    assert.equal((await runAsync(['images', '--cloud', cloud, '--json'], direct)).code, 0);
    await osc(cloudsYamlPath(), cloud, ['image', 'list', '-f', 'json'], { env: direct });
    assert.deepEqual(proxy.lines, [], 'with the CIDR in NO_PROXY neither went through the proxy');
  } finally {
    proxy.close();
  }
});

test('nothing half-made is left behind', async () => {
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    assert.deepEqual(await leftovers(s, prefix), []);
    await s.close();
  }
});
