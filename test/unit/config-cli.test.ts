// `openstack-clouds config`: output forms, masking, selection, located errors and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../extension/cli/main';
import { runConfig } from '../../extension/cli/config';
import { sharedRemoteProfiles } from '../../extension/config/index';

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

function workspace(clouds: string, secure?: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscfg-cli-'));
  fs.writeFileSync(path.join(dir, 'clouds.yaml'), clouds);
  if (secure) fs.writeFileSync(path.join(dir, 'secure.yaml'), secure);
  return { dir, env: { HOME: path.join(dir, 'home'), PATH: process.env.PATH } };
}

const GOOD = `clouds:
  prod:
    auth:
      auth_url: https://keystone.example.com/v3
      username: alice
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    regions: [R1, R2]
  lab:
    profile: citycloud
    region_name: Fra1
    auth: {username: u, project_id: p, user_domain_id: default}
`;
const SECURE = 'clouds:\n  prod:\n    auth:\n      password: hunter2\n  lab:\n    auth:\n      password: labpass\n';

test('config --json: one entry per cloud region with CloudRegion.config, secrets masked, exit 0', async () => {
  const { dir, env } = workspace(GOOD, SECURE);
  const io = capture();
  assert.equal(await runConfig(['--json'], io, env, dir), 0, io.stderr);
  const out = JSON.parse(io.stdout) as { name: string; region_name: string; config: Record<string, any> }[];
  assert.deepEqual(out.map((r) => `${r.name}/${r.region_name}`), ['prod/R1', 'prod/R2', 'lab/Fra1']);
  assert.deepEqual(Object.keys(out[0]!).sort(), ['config', 'name', 'region_name']);
  assert.equal(out[0]!.config.auth.password, '***');
  assert.equal(out[2]!.config.auth.auth_url, 'https://fra1.citycloud.com:5000/v3/'.replace('fra1', 'Fra1'));
  assert.ok(!io.stdout.includes('hunter2') && !io.stderr.includes('hunter2'));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('config --show-secrets --cloud --region: only that region, secrets in clear', async () => {
  const { dir, env } = workspace(GOOD, SECURE);
  const io = capture();
  assert.equal(await runConfig(['--json', '--show-secrets', '--cloud', 'prod', '--region=R2'], io, env, dir), 0, io.stderr);
  const out = JSON.parse(io.stdout);
  assert.equal(out.length, 1);
  assert.equal(out[0].region_name, 'R2');
  assert.equal(out[0].config.auth.password, 'hunter2');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('config: a readable table; one cloud shows its keys', async () => {
  const { dir, env } = workspace(GOOD, SECURE);
  const io = capture();
  assert.equal(await runConfig([], io, env, dir), 0);
  assert.match(io.stdout, /^CLOUD\s+REGION\s+AUTH TYPE\s+AUTH URL/);
  assert.match(io.stdout, /prod\s+R2\s+password\s+https:\/\/keystone\.example\.com\/v3\s+demo\s+alice\s+ok/);
  const one = capture();
  assert.equal(await runConfig(['--cloud', 'prod', '--region', 'R1'], one, env, dir), 0);
  assert.match(one.stdout, /auth\.password\s+\*\*\*/);
  assert.match(one.stdout, /region_name\s+R1/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('config: errors are located on stderr as file:line:col and exit 1; the good clouds still print', async () => {
  const { dir, env } = workspace(`${GOOD}  broken:\n    auth_type: v3password\n    auth:\n      username: u\n      pasword: x\n`, SECURE);
  const io = capture();
  assert.equal(await runConfig(['--json'], io, env, dir), 1);
  const file = path.join(dir, 'clouds.yaml');
  assert.ok(io.stderr.split('\n').some((l) => l.startsWith(`${file}:18:7: error V-13: `) && l.includes("did you mean 'password'")), io.stderr);
  assert.ok(io.stderr.includes(`${file}:`) && /error missing-auth-option/.test(io.stderr), io.stderr);
  assert.deepEqual(JSON.parse(io.stdout).map((r: { name: string }) => r.name), ['prod', 'prod', 'lab']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('config: unknown cloud, unknown region, bad usage', async () => {
  const { dir, env } = workspace(GOOD, SECURE);
  const a = capture();
  assert.equal(await runConfig(['--cloud', 'nope'], a, env, dir), 1);
  assert.match(a.stderr, /error cloud-not-found: Cloud nope was not found\./);
  const b = capture();
  assert.equal(await runConfig(['--cloud', 'prod', '--region', 'r1'], b, env, dir), 1);
  assert.match(b.stderr, /:9:5: error invalid-region: prod: Region r1 is not a valid region name for cloud prod\. Valid choices are R1,R2/);
  const c = capture();
  assert.equal(await runConfig(['--frobnicate'], c, env, dir), 2);
  assert.match(c.stderr, /unknown option '--frobnicate'/);
  const d = capture();
  assert.equal(await runConfig(['--region', 'R1'], d, env, dir), 2);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('config: no clouds.yaml anywhere and no OS_* variables: exit 1 naming the places looked at', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscfg-cli-empty-'));
  const io = capture();
  assert.equal(await runConfig([], io, { HOME: path.join(dir, 'home') }, dir), 1);
  assert.match(io.stderr, /no clouds\.yaml found/);
  assert.ok(io.stderr.includes(path.join(dir, 'clouds.yaml')));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the CLI dispatches config and documents it', async () => {
  const io = capture();
  assert.equal(await runCli(['config', '--help'], io), 0);
  assert.match(io.stdout, /openstack-clouds config \[--cloud NAME\]/);
  const help = capture();
  await runCli(['--help'], help);
  assert.match(help.stdout, /config\s+the clouds as openstacksdk resolves them/);
});

test('config checks the TLS files as every command does before a request: an unreadable cacert is a located error and the cloud an error row; --json stays what openstacksdk resolves', async () => {
  const { dir, env } = workspace(`${GOOD}  tls:\n    auth: {auth_url: 'https://k.example/v3', username: u, project_name: x, user_domain_name: d, project_domain_name: d}\n    cacert: /dev/zero\n`, SECURE);
  const io = capture();
  assert.equal(await runConfig([], io, env, dir), 1, io.stderr);
  assert.match(io.stderr, /clouds\.yaml:\d+:5: error tls-file-unreadable: tls: cannot read the CA bundle \/dev\/zero named by cacert \(not a regular file\)/);
  assert.match(io.stdout, /^tls +- .*error \(see stderr\)$/m);
  assert.match(io.stdout, /^prod +R1 /m, 'the other clouds are listed as before');
  const json = capture();
  await runConfig(['--json'], json, env, dir);
  assert.ok((JSON.parse(json.stdout) as { name: string }[]).some((r) => r.name === 'tls'), 'the JSON lists the cloud as openstacksdk does');
});

test('config fetches a remote profile on a private address only when the user\'s environment allows it (OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES=1)', async () => {
  const { createServer } = await import('node:http');
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'lan', profile: { auth: { auth_url: 'https://keystone.lan.example/v3' } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
  const { dir, env } = workspace(`clouds:\n  onprem:\n    profile: ${url}\n    auth: {username: u, project_name: x, user_domain_name: d, project_domain_name: d}\n`);
  try {
    const refused = capture();
    await runConfig([], refused, env, dir);
    assert.match(refused.stderr, /refused: 127\.0\.0\.1 is a loopback, link-local or private address/);
    assert.equal(hits, 0, 'nothing was sent');
    assert.match(refused.stderr, /OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES=1 in the CLI's environment/, 'the error says how to allow it');
    sharedRemoteProfiles.clear(); // the CLI fetches once per process; this test runs two in one
    const allowed = capture();
    await runConfig([], allowed, { ...env, OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES: '1' }, dir);
    assert.match(allowed.stdout, /^onprem .*https:\/\/keystone\.lan\.example\/v3/m, allowed.stderr);
    assert.equal(hits, 1);
  } finally {
    server.close();
  }
});
