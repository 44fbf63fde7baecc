// A role's meta/main.yml `collections:` resolves the short module names of its tasks and handlers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';
import { completePlaybook } from '../../../extension/language/editorFeatures';
import { collectionsOfMeta, isRoleMetaFile, roleFolderOf, type FileSnapshot } from '../../../extension/language/roleCollections';
import { runLint } from '../../../extension/cli/lint';

const TASKS = '- name: a server\n  server:\n    name: web\n    image: cirros\n    flavor: m1.tiny\n    flavour: m1.small\n';
const META = 'galaxy_info:\n  author: me\ncollections:\n  - openstack.cloud\ndependencies: []\n';

/** An in-memory disk the service reads through, counting how often a text is read. */
function memoryFiles(files: Record<string, { text: string; stamp: string }>) {
  const reads: string[] = [];
  const readFile = (name: string): FileSnapshot | undefined => {
    const f = files[name];
    return f ? { stamp: f.stamp, text: () => (reads.push(name), f.text) } : undefined;
  };
  return { files, reads, readFile };
}

function service(readFile: (name: string) => FileSnapshot | undefined) {
  return new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined, readFile });
}

const codes = (s: LanguageService, fileName: string, text: string, version = 1) => s.analyze({ fileName, languageId: 'yaml', version, text }).problems.map((p) => p.code);

test('role files: tasks and handlers of roles/<name>/ find their meta; other files have none', () => {
  assert.equal(roleFolderOf('/p/roles/web/tasks/main.yml'), path.join('/p/roles/web'));
  assert.equal(roleFolderOf('/p/roles/web/handlers/sub/x.yaml'), path.join('/p/roles/web'));
  assert.equal(roleFolderOf('roles/web/tasks/main.yml'), path.join('roles/web'));
  assert.equal(roleFolderOf('/p/site.yml'), undefined);
  assert.equal(roleFolderOf('/p/roles/web/defaults/main.yml'), undefined);
  assert.ok(isRoleMetaFile('/p/roles/web/meta/main.yml') && isRoleMetaFile('/p/roles/web/meta/main') && !isRoleMetaFile('/p/roles/web/tasks/main.yml'));
  assert.deepEqual(collectionsOfMeta(META), ['openstack.cloud']);
  assert.deepEqual(collectionsOfMeta('collections: [community.general, openstack.cloud]\n'), ['community.general', 'openstack.cloud']);
  assert.deepEqual(collectionsOfMeta('galaxy_info: {}\n'), []);
  assert.deepEqual(collectionsOfMeta('collections: [\n'), []);
});

test('role tasks: short module names resolve through meta/main.yml collections (and not without them)', () => {
  const disk = memoryFiles({ '/p/roles/web/meta/main.yml': { text: META, stamp: '1' } });
  const s = service(disk.readFile);
  assert.deepEqual(codes(s, '/p/roles/web/tasks/main.yml', TASKS), ['unknown-option']);
  assert.deepEqual(codes(s, '/p/roles/web/handlers/main.yml', TASKS), ['unknown-option']);
  assert.deepEqual(codes(s, '/p/roles/other/tasks/main.yml', TASKS), [], 'a role without meta: short names are not ours');
  assert.deepEqual(codes(s, '/p/tasks/main.yml', TASKS), [], 'not in a role');
});

test('role tasks: the meta file is parsed again only when its stamp changes, and the analysis follows it', () => {
  const disk = memoryFiles({ '/p/roles/web/meta/main.yml': { text: META, stamp: '1' } });
  const s = service(disk.readFile);
  const file = '/p/roles/web/tasks/main.yml';
  assert.deepEqual(codes(s, file, TASKS), ['unknown-option']);
  assert.deepEqual(codes(s, file, TASKS), ['unknown-option']);
  assert.equal(s.analyze({ fileName: file, languageId: 'yaml', version: 1, text: TASKS }).parse, 'cached');
  assert.deepEqual(disk.reads, ['/p/roles/web/meta/main.yml'], 'read once while unchanged');
  disk.files['/p/roles/web/meta/main.yml'] = { text: 'collections: [community.general]\n', stamp: '2' };
  assert.deepEqual(codes(s, file, TASKS), [], 'openstack.cloud is gone from the role: the document is analysed again');
  assert.equal(disk.reads.length, 2);
  delete disk.files['/p/roles/web/meta/main.yml'];
  disk.files['/p/roles/web/meta/main.yaml'] = { text: META, stamp: '3' };
  assert.deepEqual(codes(s, file, TASKS), ['unknown-option'], 'main.yaml is read as well');
});

test('role tasks: a role inside an installed collection searches that collection', () => {
  const s = service(() => undefined);
  assert.deepEqual(codes(s, '/c/ansible_collections/openstack/cloud/roles/web/tasks/main.yml', TASKS), ['unknown-option']);
});

test('a playbook or task file inside an installed collection searches that collection first, as ansible-playbook does (its default collection)', () => {
  const s = service(() => undefined);
  const play = (tasks: string, collections = '') => `- hosts: localhost\n${collections}  tasks:\n${tasks.replace(/^/gm, '    ')}\n`;
  const inOpenstack = '/c/ansible_collections/openstack/cloud/playbooks/site.yml';
  assert.deepEqual(codes(s, inOpenstack, play(TASKS)), ['unknown-option'], 'server is openstack.cloud.server there');
  assert.deepEqual(codes(s, inOpenstack, play(TASKS, '  collections: [community.general]\n')), ['unknown-option'], 'a play\'s collections: come after it');
  assert.deepEqual(codes(s, '/c/ansible_collections/openstack/cloud/playbooks/tasks/servers.yml', TASKS), ['unknown-option'], 'a task file too');
  // dellemc.unity's own playbooks call its `volume` module by its short name: not openstack.cloud's.
  const volume = '- name: Create Volume\n  volume:\n    unispherehost: 10.0.0.1\n    vol_name: v\n';
  assert.deepEqual(codes(s, '/c/ansible_collections/dellemc/unity/playbooks/modules/volume.yml', play(volume)), []);
  assert.deepEqual(codes(s, '/w/site.yml', play(volume, '  collections: [dellemc.unity]\n')), [], 'nor under another collection named in collections:');
  assert.deepEqual(codes(s, '/w/site.yml', play(volume)), ['short-module-name'], 'with ansible.builtin alone, the hint stays');
});

test('role tasks: completion offers the options of a short module name under the role collections', () => {
  const text = '- server:\n    name: web\n    fla\n';
  const offset = text.indexOf('fla') + 3;
  const labels = (roleCollections?: string[]) => completePlaybook(text, offset, { fileKind: 'tasks', cloudNames: undefined, roleCollections }).map((c) => c.label);
  assert.ok(labels(['openstack.cloud']).includes('flavor'));
  assert.ok(!labels().includes('flavor'));
});

test('openstack-clouds lint reads the role meta of a task file from disk', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-role-'));
  fs.mkdirSync(path.join(dir, 'roles', 'web', 'tasks'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'roles', 'web', 'meta'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'roles', 'web', 'tasks', 'main.yml'), TASKS);
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  const lint = () => runLint(['--format', 'json', 'roles/web/tasks/main.yml'], io, { cwd: dir, env: {} });
  assert.equal(await lint(), 0, 'without meta/main.yml the short name is not ours');
  assert.deepEqual(JSON.parse(io.stdout), []);
  fs.writeFileSync(path.join(dir, 'roles', 'web', 'meta', 'main.yml'), META);
  io.stdout = '';
  assert.equal(await lint(), 1);
  assert.deepEqual(JSON.parse(io.stdout).map((p: { line: number; code: string; message: string }) => [p.line, p.code, p.message]), [[6, 'unknown-option', "openstack.cloud.server has no option 'flavour'; did you mean 'flavor'?"]]);
});
