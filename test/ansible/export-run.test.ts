// Exported playbooks run by the real ansible-playbook (openstack.cloud 2.x, openstacksdk 4.x) on
// two clouds of the local test cloud: the upload and the boot create what the CLI would (active
// images; ACTIVE servers with a floating IP), a second run changes nothing, and a run with
// state=absent removes all of it, floating IPs included. Checked with our own client.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportBootPlaybook, exportUploadPlaybook } from '../../extension/ansible/exportPlaybook';
import { collect } from '../../extension/openstack/services/paging';
import { listImages } from '../../extension/openstack/services/image';
import { listServers } from '../../extension/openstack/services/compute';
import { listFloatingIps } from '../../extension/openstack/services/network';
import { removeByPrefix, session } from '../support/cloudSessions';
import { oscJson } from '../support/osc';
import { testCloud } from '../support/testCloud';
import { ansiblePlaybook, installCloudsYaml, rootScratch, type PlaybookRun } from '../support/ansibleRoot';

const CLOUDS = ['local-password', 'local-appcred'] as const;
const prefix = `ansible-${crypto.randomBytes(3).toString('hex')}`;
const imageName = `${prefix}-img`;
const serverName = `${prefix}-srv`;
const scratch = rootScratch();
let upload = '';
let boot = '';
/** User data with a secret in it: the play reads it from its file, the playbook never holds it. */
const USER_DATA = `#cloud-config\nchpasswd:\n  list: |\n    root:${crypto.randomBytes(8).toString('hex')}\n  expire: false\n\n`;
/** Floating IPs the boot attached, per cloud: all must be gone after state=absent. */
const floating = new Map<string, string[]>();

before(() => {
  installCloudsYaml(testCloud().cloudsYaml);
  fs.copyFileSync(testCloud().imageFiles.qcow2, path.join(scratch.onHost, 'image.qcow2'));
  fs.writeFileSync(path.join(scratch.onHost, 'upload.yml'), exportUploadPlaybook({ clouds: CLOUDS, name: imageName, file: `${scratch.inRoot}/image.qcow2`, diskFormat: 'qcow2' }));
  fs.writeFileSync(path.join(scratch.onHost, 'user-data.yaml'), USER_DATA);
  fs.writeFileSync(path.join(scratch.onHost, 'boot.yml'), exportBootPlaybook({
    clouds: CLOUDS, name: serverName, image: imageName, flavor: 'm1.tiny', networks: ['private'], autoIp: true, userDataFile: `${scratch.inRoot}/user-data.yaml`,
  }));
  upload = `${scratch.inRoot}/upload.yml`;
  boot = `${scratch.inRoot}/boot.yml`;
});

after(async () => {
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    await removeByPrefix(s, prefix).catch(() => undefined);
    await s.close();
  }
  scratch.remove();
});

function succeeded(run: PlaybookRun, what: string): void {
  const tail = run.output.split('\n').slice(-40).join('\n');
  assert.equal(run.code, 0, `${what} exited ${run.code}:\n${tail}`);
  // A syntax check runs no task, so it prints no PLAY RECAP.
  if (!what.startsWith('syntax-check')) assert.equal(run.recap.failed, 0, `${what} has failed tasks:\n${tail}`);
  console.log(`  ${what}: ${run.seconds.toFixed(1)} s, ${JSON.stringify(run.recap)}`);
}

test('ansible-playbook --syntax-check accepts both exported playbooks', async () => {
  for (const file of [upload, boot]) succeeded(await ansiblePlaybook(['--syntax-check', file]), `syntax-check ${path.basename(file)}`);
});

test('exported upload: the image is active on both clouds', async () => {
  const run = await ansiblePlaybook([upload]);
  succeeded(run, 'upload');
  assert.equal(run.recap.changed, 1, 'one task, changed (one loop item per cloud)');
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    const images = (await collect(listImages(s, { name: imageName })));
    await s.close();
    assert.deepEqual(images.map((i) => [i.status, i.disk_format]), [['active', 'qcow2']], cloud);
  }
});

test('exported boot: an ACTIVE server with a floating IP on both clouds, printed by the playbook', async () => {
  const run = await ansiblePlaybook([boot]);
  succeeded(run, 'boot');
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    const servers = (await collect(listServers(s))).filter((x) => x.name === serverName);
    await s.close();
    assert.equal(servers.length, 1, `${cloud}: one server ${serverName}`);
    assert.equal(servers[0]!.status, 'ACTIVE', cloud);
    const fips = Object.values(servers[0]!.addresses ?? {}).flat().filter((a) => a['OS-EXT-IPS:type'] === 'floating').map((a) => a.addr);
    assert.equal(fips.length, 1, `${cloud}: one floating IP: ${JSON.stringify(servers[0]!.addresses)}`);
    floating.set(cloud, fips);
    assert.match(run.output, new RegExp(`"msg": "${cloud} ${serverName}: ${fips[0]!.replace(/\./g, '\\.')}"`), `${cloud}: the printed address`);
    // Nova shows a server's user data to the operator only (compute API 2.3).
    const shown = await oscJson<Record<string, string>>(testCloud().adminCloudsYaml, 'local-admin', ['--os-compute-api-version', '2.3', 'server', 'show', servers[0]!.id]);
    assert.equal(Buffer.from(shown['OS-EXT-SRV-ATTR:user_data'] ?? '', 'base64').toString(), USER_DATA, `${cloud}: the file's user data, byte for byte`);
  }
  assert.ok(!fs.readFileSync(path.join(scratch.onHost, 'boot.yml'), 'utf8').includes(USER_DATA.split('root:')[1]!.slice(0, 16)), 'the secret is not in the playbook');
});

test('a second run of both playbooks changes nothing (changed=0)', async () => {
  for (const file of [upload, boot]) {
    const run = await ansiblePlaybook([file]);
    succeeded(run, `re-run ${path.basename(file)}`);
    assert.equal(run.recap.changed, 0, `${path.basename(file)} is not idempotent:\n${run.output}`);
  }
  const one = await ansiblePlaybook([boot, '-e', 'clouds=local-appcred']);
  succeeded(one, 're-run boot.yml -e clouds=local-appcred');
  assert.match(one.output, /"msg": "local-appcred /);
  assert.doesNotMatch(one.output, /"msg": "local-password /, 'only the cloud given in the extra var');
});

test('state=absent removes the servers, their floating IPs and the images', async () => {
  succeeded(await ansiblePlaybook([boot, '-e', 'state=absent']), 'boot state=absent');
  succeeded(await ansiblePlaybook([upload, '-e', 'state=absent']), 'upload state=absent');
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    const images = (await collect(listImages(s))).filter((i) => i.name.startsWith(prefix));
    const servers = (await collect(listServers(s))).filter((x) => x.name.startsWith(prefix));
    const fips = (await listFloatingIps(s)).map((f) => f.floating_ip_address);
    await s.close();
    assert.deepEqual(images.map((i) => i.name), [], `${cloud}: images left`);
    assert.deepEqual(servers.map((x) => x.name), [], `${cloud}: servers left`);
    assert.deepEqual((floating.get(cloud) ?? []).filter((ip) => fips.includes(ip)), [], `${cloud}: floating IPs left`);
  }
});
