import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportBootPlaybook, exportUploadPlaybook } from '../../extension/ansible/exportPlaybook';
import { runCli } from '../../extension/cli/main';
import { runLint } from '../../extension/cli/lint';
import { loadAsAnsible } from '../support/ansibleYaml';

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

const load = loadAsAnsible;

// A clouds.yaml with every kind of secret, plus a secure.yaml beside it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ansible-export-'));
const SECRETS = ['pw-Secret-1', 'appcred-Secret-2', 'token-Secret-3', 'secure-Secret-4'];
fs.writeFileSync(path.join(dir, 'clouds.yaml'), `clouds:
  alpha:
    auth: {auth_url: 'http://127.0.0.1:5000/v3', username: u, password: ${SECRETS[0]}, project_name: p, user_domain_name: Default, project_domain_name: Default}
  beta:
    auth_type: v3applicationcredential
    auth: {auth_url: 'http://127.0.0.1:5000/v3', application_credential_id: abc, application_credential_secret: ${SECRETS[1]}}
  gamma:
    auth_type: v3token
    auth: {auth_url: 'http://127.0.0.1:5000/v3', token: ${SECRETS[2]}, project_id: p}
    image_format: raw
`);
fs.writeFileSync(path.join(dir, 'secure.yaml'), `clouds:\n  alpha:\n    auth:\n      password: ${SECRETS[3]}\n`);
const image = path.join(dir, 'disk.qcow2');
fs.writeFileSync(image, Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.alloc(1020)]));
const env = { OS_CLIENT_CONFIG_FILE: path.join(dir, 'clouds.yaml'), OS_CLIENT_SECURE_FILE: path.join(dir, 'secure.yaml') };

async function cli(args: string[]) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const io = capture();
  try {
    return { code: await runCli(args, io), ...io };
  } finally {
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
  }
}

async function lintClean(text: string, name: string, lintArgs: string[] = []) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const io = capture();
  const code = await runLint(['--format', 'json', ...lintArgs, file], io, { cwd: dir, env });
  assert.deepEqual(JSON.parse(io.stdout), [], `${name} has lint findings`);
  assert.equal(code, 0);
}

test('export upload: an image task per cloud from the clouds variable, format read from the file; no secret; lint-clean', async () => {
  const r = await cli(['export', 'upload', image, '--cloud', 'alpha', '--cloud', 'beta', '--cloud', 'gamma']);
  assert.equal(r.code, 0, r.stderr);
  for (const s of SECRETS) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), `secret ${s} written`);
  assert.match(r.stderr, /warning: gamma wants raw images; the playbook uploads qcow2 as is/);
  const [play] = load(r.stdout);
  assert.deepEqual(play.vars, { clouds: ['alpha', 'beta', 'gamma'], state: 'present' });
  assert.deepEqual(play.tasks[0]['openstack.cloud.image'], { cloud: '{{ item }}', name: 'disk', filename: image, disk_format: 'qcow2', container_format: 'bare', state: '{{ state }}' });
  await lintClean(r.stdout, 'upload.yml');
});

test('export boot: server with auto_ip, security_groups [default], delete_ips, state variable; addresses printed; lint-clean', async () => {
  const r = await cli(['export', 'boot', 'web', '--cloud', 'alpha', '--cloud', 'beta', '--image', 'cirros', '--flavor', 'm1.tiny', '--network', 'private', '--key-name', 'mine', '--auto-ip']);
  assert.equal(r.code, 0, r.stderr);
  for (const s of SECRETS) assert.ok(!r.stdout.includes(s), `secret ${s} written`);
  const [play] = load(r.stdout);
  assert.deepEqual(play.vars, { clouds: ['alpha', 'beta'], state: 'present', server_name: 'web' });
  assert.deepEqual(play.tasks[0]['openstack.cloud.server'], {
    cloud: '{{ item }}', name: '{{ server_name }}', image: 'cirros', flavor: 'm1.tiny', network: 'private', key_name: 'mine',
    auto_ip: true, security_groups: ['default'], delete_ips: true, state: '{{ state }}',
  });
  assert.equal(play.tasks[1].when, "state == 'present'");
  assert.match(play.tasks[2]['ansible.builtin.debug'].msg, /selectattr\('OS-EXT-IPS:type', 'equalto', 'floating'\)/);
  await lintClean(r.stdout, 'boot.yml');
});

test('export boot --count: NAME-1..N on every cloud from one product loop; several networks as nics; no auto IP unless asked', async () => {
  const text = exportBootPlaybook({ clouds: ['alpha', 'beta'], name: 'fleet', image: 'cirros', flavor: 'm1.tiny', networks: ['a', 'b'], count: 10 });
  const [play] = load(text);
  assert.equal(play.vars.server_count, 10);
  const server = play.tasks[0];
  assert.equal(server['openstack.cloud.server'].name, '{{ server_name }}-{{ item.1 }}');
  assert.equal(server['openstack.cloud.server'].auto_ip, false);
  assert.deepEqual(server['openstack.cloud.server'].nics, [{ 'net-name': 'a' }, { 'net-name': 'b' }]);
  assert.match(server.loop, /product\(range\(1, server_count \| int \+ 1\)\)/);
  await lintClean(text, 'fleet.yml');
});

test('export: values that look like templates or YAML types are written as the literal strings', async () => {
  const text = exportBootPlaybook({ clouds: ['yes', '1.0'], name: 'web {{ lookup("pipe", "id") }}', image: 'a: b', flavor: '2', networks: ['#x'] });
  const [play] = load(text);
  assert.deepEqual(play.vars.clouds, ['yes', '1.0']);
  assert.deepEqual(play.vars.server_name, { unsafe: 'web {{ lookup("pipe", "id") }}' });
  assert.equal(play.tasks[0]['openstack.cloud.server'].image, 'a: b');
  assert.equal(play.tasks[0]['openstack.cloud.server'].flavor, '2');
  assert.equal(play.tasks[0]['openstack.cloud.server'].network, '#x');
  const upload = load(exportUploadPlaybook({ clouds: ['alpha'], name: 'n', file: '/x/{%raw%}.img', diskFormat: 'raw' }))[0];
  assert.deepEqual(upload.tasks[0]['openstack.cloud.image'].filename, { unsafe: '/x/{%raw%}.img' });
});

test('export: refusals name what is wrong (unknown cloud, a region, no flavor, a bad count, a visibility 1.x cannot say)', async () => {
  const unknown = await cli(['export', 'boot', 'web', '--cloud', 'nope', '--image', 'i', '--flavor', 'f']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /not in .*clouds.yaml: nope \(clouds: alpha, beta, gamma/);
  const region = await cli(['export', 'upload', image, '--cloud', 'alpha/RegionOne']);
  assert.match(region.stderr, /give the cloud without \/REGION: alpha\/RegionOne/);
  assert.equal((await cli(['export', 'boot', 'web', '--cloud', 'alpha', '--image', 'i'])).code, 2);
  assert.match((await cli(['export', 'boot', 'web', '--cloud', 'alpha', '--image', 'i', '--flavor', 'f', '--count', '0'])).stderr, /--count is a whole number/);
  assert.match((await cli(['export', 'frobnicate'])).stderr, /export upload\|boot/);
  assert.throws(() => exportUploadPlaybook({ clouds: ['a'], name: 'n', file: 'f', diskFormat: 'raw', visibility: 'shared', collectionVersion: '1' }), /1\.x's image module knows public or private \(is_public\), not visibility 'shared'/);
  assert.match((await cli(['export', 'boot', 'web', '--cloud', 'alpha', '--image', 'i', '--flavor', 'f', '--collection-version', 'three'])).stderr, /--collection-version must name a 1.x or 2.x version/);
});

test('export for openstack.cloud 1.x: 1.x names (delete_fip, server_info server:, openstack_servers, is_public); lint-clean for 1.10.0', async () => {
  const boot = exportBootPlaybook({ clouds: ['alpha', 'beta'], name: 'web', image: 'img', flavor: 'm1.tiny', autoIp: true, count: 2, collectionVersion: '1' });
  const [play] = load(boot);
  assert.equal(play.tasks[0]['openstack.cloud.server'].delete_fip, true);
  assert.equal(play.tasks[0]['openstack.cloud.server'].delete_ips, undefined);
  assert.deepEqual(Object.keys(play.tasks[1]['openstack.cloud.server_info']), ['cloud', 'server']);
  assert.match(play.tasks[2]['ansible.builtin.debug'].msg, /item\.openstack_servers \| map/);
  assert.match(boot, /^# Boot of web, exported for openstack\.cloud 1\.x\./);
  await lintClean(boot, 'boot-1x.yml', ['--collection-version', '1.10.0']);
  const upload = exportUploadPlaybook({ clouds: ['alpha'], name: 'n', file: image, diskFormat: 'qcow2', visibility: 'public', collectionVersion: '1' });
  assert.equal(load(upload)[0].tasks[0]['openstack.cloud.image'].is_public, true);
  await lintClean(upload, 'upload-1x.yml', ['--collection-version', '1.10.0']);
  // The same playbooks as 2.x are not clean for 1.x: the version matters.
  const io = capture();
  fs.writeFileSync(path.join(dir, 'boot-2x-for-1x.yml'), exportBootPlaybook({ clouds: ['alpha'], name: 'web', image: 'i', flavor: 'f' }));
  assert.equal(await runLint(['--format', 'json', '--collection-version', '1.10.0', path.join(dir, 'boot-2x-for-1x.yml')], io, { cwd: dir, env }), 1);
});

test('export chooses the collection version as lint does: a requirements.yml pin in the current folder', async () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'ansible-export-repo-'));
  fs.writeFileSync(path.join(repo, 'requirements.yml'), 'collections:\n  - name: openstack.cloud\n    version: ">=1.5.0,<2.0.0"\n');
  const before = process.cwd();
  process.chdir(repo);
  try {
    const r = await cli(['export', 'boot', 'web', '--cloud', 'alpha', '--image', 'i', '--flavor', 'f']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /exported by openstack-clouds \S+ for openstack\.cloud 1\.x/);
    assert.match(r.stderr, /written for openstack\.cloud 1\.x \(from .*requirements\.yml \(openstack\.cloud >=1\.5\.0,<2\.0\.0\)\)/);
    const forced = await cli(['export', 'boot', 'web', '--cloud', 'alpha', '--image', 'i', '--flavor', 'f', '--collection-version', '2']);
    assert.match(forced.stdout, /for openstack\.cloud 1\.x/, 'a repository pin wins over the option, as in lint');
  } finally {
    process.chdir(before);
    fs.rmSync(repo, { recursive: true, force: true });
  }
});
