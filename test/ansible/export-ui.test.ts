// The side bar's exports, by the real ansible-playbook (openstack.cloud 2.x): the boot review's
// extras (a public key file imported as the key pair, user data, a fleet) and a server row's
// export (several networks) pass --syntax-check; an image row's export, whose file is a
// placeholder, refuses to run until image_file is set, and uploads nothing meanwhile.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportBootPlaybook, exportUploadPlaybook } from '../../extension/ansible/exportPlaybook';
import { bootExportOfServer, uploadExportOfImage } from '../../extension/ansible/exportResources';
import { collect } from '../../extension/openstack/services/paging';
import { listImages } from '../../extension/openstack/services/image';
import { session } from '../support/cloudSessions';
import { testCloud } from '../support/testCloud';
import { ansiblePlaybook, installCloudsYaml, rootScratch } from '../support/ansibleRoot';

const CLOUD = 'local-password';
const imageName = `ansible-ui-${crypto.randomBytes(3).toString('hex')}`;
const scratch = rootScratch();
const files: Record<string, string> = {};

before(() => {
  installCloudsYaml(testCloud().cloudsYaml);
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(scratch.onHost, name), text);
    files[name] = `${scratch.inRoot}/${name}`;
  };
  write('review.yml', exportBootPlaybook({
    clouds: [CLOUD, 'local-tasks'], name: 'web', image: 'test-image', flavor: 'm1.tiny', networks: ['private'], keyName: 'laptop',
    publicKeyFile: '/root/.ssh/laptop.pub', userData: '#cloud-config\nruncmd: ["echo {{ not a template }}"]\n', count: 3, autoIp: true,
  }));
  write('server-row.yml', exportBootPlaybook({
    clouds: [CLOUD],
    ...bootExportOfServer({
      server: {
        id: 's', name: 'db', status: 'ACTIVE', key_name: 'k', image: { id: 'i' }, flavor: { original_name: 'm1.tiny' }, security_groups: [{ name: 'default' }, { name: 'db' }],
        addresses: { private: [{ addr: '10.0.0.3', version: 4 }, { addr: '203.0.113.3', version: 4, 'OS-EXT-IPS:type': 'floating' }], storage: [{ addr: '10.1.0.3', version: 4 }] },
      },
      imageName: 'test-image',
    }),
  }));
  write('image-row.yml', exportUploadPlaybook({ clouds: [CLOUD], ...uploadExportOfImage({ id: 'x', name: imageName, status: 'active', disk_format: 'qcow2', container_format: 'bare', visibility: 'private' }, '2') }));
});

after(() => scratch.remove());

test('ansible-playbook --syntax-check accepts the review\'s, a server row\'s and an image row\'s exports', async () => {
  for (const [name, file] of Object.entries(files)) {
    const run = await ansiblePlaybook(['--syntax-check', file]);
    assert.equal(run.code, 0, `${name}:\n${run.output.split('\n').slice(-30).join('\n')}`);
  }
});

test('an image row\'s export refuses to run until image_file is set, and uploads nothing', async () => {
  const run = await ansiblePlaybook([files['image-row.yml']!]);
  assert.notEqual(run.code, 0, run.output);
  assert.match(run.output, /Set image_file to the path of the image file, in this playbook or with -e image_file=PATH/);
  assert.equal(run.recap.failed, 1, run.output);
  const s = await session(CLOUD);
  try {
    assert.deepEqual(await collect(listImages(s, { name: imageName })), [], 'no image was made');
  } finally {
    await s.close();
  }
});
