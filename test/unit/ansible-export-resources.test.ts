// What the side bar exports: a server node as "boot one like it", an image node as "upload one
// like it" (its file left for the user), and the boot wizard's extras (a public key to import,
// user data). Every playbook is read back as Ansible's loader reads it and is clean under our lint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportBootPlaybook, exportUploadPlaybook, IMAGE_FILE_PLACEHOLDER, type CollectionVersion } from '../../extension/ansible/exportPlaybook';
import { bootExportOfServer, uploadExportOfImage } from '../../extension/ansible/exportResources';
import { runLint } from '../../extension/cli/lint';
import { loadAsAnsible } from '../support/ansibleYaml';
import type { Server } from '../../extension/openstack/services/compute';

const load = loadAsAnsible;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ansible-export-resources-'));
fs.writeFileSync(path.join(dir, 'clouds.yaml'), "clouds:\n  alpha:\n    auth: {auth_url: 'http://127.0.0.1:5000/v3', username: u, password: pw-Secret-9, project_name: p}\n  beta:\n    auth: {auth_url: 'http://127.0.0.1:5000/v3', username: u, password: pw-Secret-9, project_name: p}\n");
const env = { OS_CLIENT_CONFIG_FILE: path.join(dir, 'clouds.yaml') };

async function lintClean(text: string, name: string, version: CollectionVersion): Promise<void> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  let out = '';
  const io = { out: (t: string) => void (out += t), err: () => undefined };
  const code = await runLint(['--format', 'json', '--collection-version', version === '1' ? '1.10.0' : '2', file], io, { cwd: dir, env });
  assert.deepEqual(JSON.parse(out), [], `${name} has lint findings`);
  assert.equal(code, 0);
}

const server: Server = {
  id: 's1', name: 'web {{ x }}', status: 'ACTIVE', key_name: 'mine',
  image: { id: 'img-id' }, flavor: { id: 'f1', original_name: 'm1.small' },
  addresses: {
    private: [{ addr: '10.0.0.5', version: 4, 'OS-EXT-IPS:type': 'fixed' }, { addr: '203.0.113.9', version: 4, 'OS-EXT-IPS:type': 'floating' }],
    storage: [{ addr: '10.1.0.5', version: 4, 'OS-EXT-IPS:type': 'fixed' }],
  },
  security_groups: [{ name: 'default' }, { name: 'web' }, { name: 'default' }],
};

test('a server node exports as a boot of one like it: image by name, flavor, its networks, key, groups once each, auto IP from its floating IP', async () => {
  const choices = bootExportOfServer({ server, imageName: 'debian-12' });
  assert.deepEqual(choices, {
    name: 'web {{ x }}', image: 'debian-12', flavor: 'm1.small', networks: ['private', 'storage'], keyName: 'mine', autoIp: true, securityGroups: ['default', 'web'],
  });
  for (const version of ['1', '2'] as const) {
    const text = exportBootPlaybook({ clouds: ['alpha'], ...choices, collectionVersion: version });
    const [play] = load(text);
    const task = play.tasks[0]['openstack.cloud.server'];
    assert.deepEqual(play.vars.server_name, { unsafe: 'web {{ x }}' }, 'a template in a name from the cloud stays text');
    assert.deepEqual(task.nics, [{ 'net-name': 'private' }, { 'net-name': 'storage' }]);
    assert.equal(task.auto_ip, true);
    await lintClean(text, `server-${version}.yml`, version);
  }
  // Without a floating IP, a name for the image or a flavor name, the IDs and the defaults.
  const plain = bootExportOfServer({ server: { ...server, addresses: { private: [{ addr: '10.0.0.5', version: 4 }] }, flavor: { id: 'f1' }, security_groups: undefined, key_name: null }, flavor: undefined });
  assert.deepEqual(plain, { name: 'web {{ x }}', image: 'img-id', flavor: 'f1', networks: ['private'], keyName: undefined, autoIp: false, securityGroups: undefined });
  assert.throws(() => bootExportOfServer({ server: { ...server, image: '' } }), /web \{\{ x \}\} was booted from a volume/);
});

test('an image node exports as an upload whose file is a marked placeholder the play refuses until it is set', async () => {
  for (const version of ['1', '2'] as const) {
    const choices = uploadExportOfImage({ id: 'i1', name: 'ubuntu', status: 'active', disk_format: 'raw', container_format: 'bare', visibility: 'shared' }, version);
    assert.equal(choices.visibility, version === '2' ? 'shared' : undefined, '1.x says only public or private');
    const text = exportUploadPlaybook({ clouds: ['alpha', 'beta'], ...choices, collectionVersion: version });
    assert.match(text, new RegExp(`^# image_file: ${IMAGE_FILE_PLACEHOLDER}\\. The image's file is not known here`, 'm'));
    const [play] = load(text);
    assert.equal(play.vars.image_file, IMAGE_FILE_PLACEHOLDER);
    assert.equal(play.tasks[0]['ansible.builtin.assert'].that, `state == 'absent' or image_file != '${IMAGE_FILE_PLACEHOLDER}'`);
    assert.equal(play.tasks[1]['openstack.cloud.image'].filename, '{{ image_file }}');
    assert.equal(play.tasks[1]['openstack.cloud.image'].disk_format, 'raw');
    await lintClean(text, `image-${version}.yml`, version);
  }
  assert.equal(uploadExportOfImage({ id: 'i1', name: 'u', status: 'active', visibility: 'public' }, '1').visibility, 'public');
});

test('the boot wizard extras: a public key file imported as the key pair (kept by state=absent), user data as written', async () => {
  for (const version of ['1', '2'] as const) {
    const userData = '#cloud-config\npackages: [nginx]\nwrite_files:\n  - content: "{{ not ansible }}"\n';
    const text = exportBootPlaybook({ clouds: ['alpha', 'beta'], name: 'web', image: 'i', flavor: 'f', keyName: 'laptop', publicKeyFile: '/home/me/.ssh/laptop.pub', userData, count: 2, collectionVersion: version });
    const [play] = load(text);
    assert.deepEqual(play.tasks[0]['openstack.cloud.keypair'], { cloud: '{{ item }}', name: 'laptop', public_key_file: '/home/me/.ssh/laptop.pub', state: 'present' });
    assert.equal(play.tasks[0].when, "state == 'present'");
    assert.deepEqual(play.tasks[1]['openstack.cloud.server'].userdata, { unsafe: userData });
    assert.equal(play.tasks[1]['openstack.cloud.server'].key_name, 'laptop');
    await lintClean(text, `extras-${version}.yml`, version);
  }
});

test('user data from a file: the play reads it when it runs (byte for byte), the playbook holds its path, not its text', async () => {
  for (const version of ['1', '2'] as const) {
    const text = exportBootPlaybook({ clouds: ['alpha'], name: 'web', image: 'i', flavor: 'f', userData: 'root:s3cret', userDataFile: '/home/me/{{x}}/cloud-init.yaml', collectionVersion: version });
    assert.doesNotMatch(text, /s3cret/);
    const [play] = load(text);
    assert.equal(play.tasks[0]['openstack.cloud.server'].userdata, "{{ lookup('ansible.builtin.file', user_data_file, rstrip=false) }}");
    assert.deepEqual(play.vars.user_data_file, { unsafe: '/home/me/{{x}}/cloud-init.yaml' }, 'a path is not a template either');
    await lintClean(text, `user-data-file-${version}.yml`, version);
  }
});
