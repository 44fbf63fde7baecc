// Modules a repository ships itself (library/, roles/*/library/, ansible.cfg's library, a vendored
// openstack.cloud) are found as ansible-core's plugin loader finds them, on real folder trees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';
import { diskSnapshot } from '../../../extension/language/roleCollections';
import { diskDirectory, libraryOfConfig, moduleNamesOf, RepositoryModulesCache, type AnsibleEnvironment, type DirectoryReader } from '../../../extension/language/repositoryModules';
import { runLint } from '../../../extension/cli/lint';
import { completePlaybook, hoverPlaybook } from '../../../extension/language/editorFeatures';

/** A folder tree from `{ 'a/b.py': 'text' }`; a name ending in / is an empty folder. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'repo-modules-'));
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(root, name);
    if (name.endsWith('/')) fs.mkdirSync(full, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
    }
  }
  return root;
}

interface Options {
  collectionVersion?: string;
  ansible?: AnsibleEnvironment;
  /** false: the service as it was before repository modules (no directory listing). */
  listDirectory?: DirectoryReader | false;
}

function service(options: Options = {}) {
  return new LanguageService({
    cloudNames: () => undefined,
    live: () => NO_LIVE_RESOURCES,
    cloudsFile: () => undefined,
    readFile: diskSnapshot,
    collectionVersion: () => options.collectionVersion,
    listDirectory: options.listDirectory === false ? undefined : (options.listDirectory ?? diskDirectory),
    ansible: options.ansible ?? {},
  });
}

function allCodes(fileName: string, options: Options = {}): string[] {
  const text = fs.readFileSync(fileName, 'utf8');
  return service(options).analyze({ fileName, languageId: 'yaml', version: 1, text }).problems.map((p) => `${p.severity}:${p.code}`);
}

const codes = allCodes;
const play = (tasks: string, extra = '') => `- hosts: localhost\n${extra}  tasks:\n${tasks.replace(/^/gm, '    ')}\n`;
const OS_FOO = play('- os_foo:\n    name: x');

test('library/os_foo.py beside the playbook: no finding; without it (or before this change) unknown-module', () => {
  const root = tree({ 'site.yml': OS_FOO, 'library/os_foo.py': '' });
  assert.deepEqual(codes(path.join(root, 'site.yml')), []);
  assert.deepEqual(codes(path.join(root, 'site.yml'), { listDirectory: false }), ['error:unknown-module']);
  const bare = tree({ 'site.yml': OS_FOO, 'library/os_other.py': '' });
  assert.deepEqual(codes(path.join(bare, 'site.yml')), ['error:unknown-module']);
});

test('a module file may have any extension ansible-core accepts, or none; ignored extensions do not count', () => {
  for (const file of ['os_foo.ps1', 'os_foo', 'os_foo.sh', '_os_foo.py']) {
    const root = tree({ 'site.yml': OS_FOO, [`library/${file}`]: '' });
    assert.deepEqual(codes(path.join(root, 'site.yml')), [], file);
  }
  for (const file of ['os_foo.yml', 'os_foo.txt', 'os_foo.pyc']) {
    const root = tree({ 'site.yml': OS_FOO, [`library/${file}`]: '' });
    assert.deepEqual(codes(path.join(root, 'site.yml')), ['error:unknown-module'], file);
  }
  assert.deepEqual(moduleNamesOf('os_foo.py'), ['os_foo', 'os_foo.py']);
  assert.deepEqual(moduleNamesOf('__init__.py'), []);
  assert.deepEqual(moduleNamesOf('.hidden'), ['.hidden']);
});

test('library/ in a folder above the playbook counts, but not above a .git folder', () => {
  const root = tree({ 'library/os_foo.py': '', 'playbooks/site.yml': OS_FOO, 'outer/repo/.git/': '', 'outer/repo/site.yml': OS_FOO, 'outer/library/os_foo.py': '' });
  assert.deepEqual(codes(path.join(root, 'playbooks', 'site.yml')), []);
  assert.deepEqual(codes(path.join(root, 'outer', 'repo', 'site.yml')), ['error:unknown-module']);
});

test("roles/r/library/os_bar.py serves the tasks of role r (and of roles beside it, as Ansible adds it for the play)", () => {
  const tasks = '- os_bar:\n    name: x\n';
  const root = tree({ 'roles/r/tasks/main.yml': tasks, 'roles/r/tasks/sub/more.yml': tasks, 'roles/r/library/os_bar.py': '', 'roles/s/tasks/main.yml': tasks, 'elsewhere/roles/t/tasks/main.yml': tasks });
  assert.deepEqual(codes(path.join(root, 'roles/r/tasks/main.yml')), []);
  assert.deepEqual(codes(path.join(root, 'roles/r/tasks/sub/more.yml')), []);
  assert.deepEqual(codes(path.join(root, 'roles/s/tasks/main.yml')), []);
  assert.deepEqual(codes(path.join(root, 'elsewhere/roles/t/tasks/main.yml')), ['error:unknown-module']);
});

test("ansible.cfg's [defaults] library (relative to the cfg file, ~ expanded, colon-separated) and ANSIBLE_LIBRARY", () => {
  const root = tree({
    'ansible.cfg': '[ssh_connection]\nlibrary = nope\n[defaults]\nLibrary: ./mods:~/homemods\n',
    'mods/os_foo.py': '',
    'home/homemods/os_baz': '',
    'env/os_qux.py': '',
    'playbooks/site.yml': play('- os_foo:\n    name: x\n- os_baz:\n    name: y\n- os_qux:\n    name: z'),
  });
  const site = path.join(root, 'playbooks/site.yml');
  assert.deepEqual(codes(site, { ansible: { home: path.join(root, 'home') } }), ['error:unknown-module']);
  // ANSIBLE_LIBRARY replaces the cfg's value, as Ansible's configuration does.
  assert.deepEqual(codes(site, { ansible: { ANSIBLE_LIBRARY: path.join(root, 'env') } }), ['error:unknown-module', 'error:unknown-module']);
  // ANSIBLE_CONFIG names the cfg file.
  const other = tree({ 'cfg/ansible.cfg': '[defaults]\nlibrary = ../lib\n', 'lib/os_foo.py': '', 'site.yml': OS_FOO });
  assert.deepEqual(codes(path.join(other, 'site.yml'), { ansible: { ANSIBLE_CONFIG: path.join(other, 'cfg/ansible.cfg') } }), []);
  assert.equal(libraryOfConfig('[defaults]\n# library = a\nlibrary = b:c\n'), 'b:c');
  assert.equal(libraryOfConfig('[galaxy]\nlibrary = b\n'), undefined);
});

test('a vendored openstack.cloud: its module files are never unknown; modules it lacks still are', () => {
  const root = tree({
    'collections/ansible_collections/openstack/cloud/plugins/modules/my_thing.py': '',
    'site.yml': play('- openstack.cloud.my_thing:\n    anything: 1\n- openstack.cloud.nothing_here:\n    name: x\n- openstack.cloud.server:\n    name: s\n    image: i\n    flavor: f\n    bogus: 1'),
  });
  // Modules we have a spec for keep being checked against it (bogus is an unknown option).
  assert.deepEqual(codes(path.join(root, 'site.yml')), ['error:unknown-module', 'error:unknown-option']);
  const short = tree({ 'collections/ansible_collections/openstack/cloud/plugins/modules/my_thing.ps1': '', 'site.yml': play('- my_thing:\n    anything: 1', '  collections: [openstack.cloud]\n') });
  assert.deepEqual(codes(path.join(short, 'site.yml')), []);
});

test('a local os_server.py wins over ansible.builtin\'s redirect to openstack.cloud.server, as ansible-core resolves it', () => {
  const bogus = (name: string) => `- ${name}:\n    name: s\n    image: i\n    flavor: f\n    bogus: 1\n`;
  const root = tree({ 'library/os_server.py': '', 'site.yml': play(bogus('os_server')) });
  const site = path.join(root, 'site.yml');
  const write = (text: string) => fs.writeFileSync(site, text);
  // Only errors: a legacy name's own note (info:legacy-module) is not what this is about.
  const codes = (file: string, options: Options = {}) => allCodes(file, options).filter((c) => c.startsWith('error:'));
  assert.deepEqual(codes(site), []);
  assert.deepEqual(codes(site, { listDirectory: false }), ['error:unknown-option']);
  // ansible.legacy.<name> searches the library folders too; ansible.builtin.<name> and the FQCN never do.
  write(play(bogus('ansible.legacy.os_server') + bogus('ansible.builtin.os_server') + bogus('openstack.cloud.server')));
  assert.deepEqual(codes(site), ['error:unknown-option', 'error:unknown-option']);
  // collections: [openstack.cloud] then ansible.legacy: 2.x has no os_server, so the local one runs.
  write(play(bogus('os_server'), '  collections: [openstack.cloud]\n'));
  assert.deepEqual(codes(site), []);
  // 1.10.0 ships its own os_server, found in openstack.cloud before ansible.legacy is searched.
  assert.deepEqual(codes(site, { collectionVersion: '1.10.0' }), ['error:unknown-option']);
  write(play(bogus('os_server'), '  collections: [ansible.legacy, openstack.cloud]\n'));
  assert.deepEqual(codes(site, { collectionVersion: '1.10.0' }), []);
  // ansible.builtin listed (so no ansible.legacy appended): its redirect wins, the library is not searched.
  write(play(bogus('os_server'), '  collections: [ansible.builtin]\n'));
  assert.deepEqual(codes(site), ['error:unknown-option']);
  // 1.x without collections: the local file still wins over the redirect.
  write(play(bogus('os_server')));
  assert.deepEqual(codes(site, { collectionVersion: '1.10.0' }), []);
});

test('a module added to library/ is seen at the next analysis; each directory is listed once while it is unchanged', () => {
  const root = tree({ 'site.yml': OS_FOO, 'other.yml': OS_FOO, 'library/os_bar.py': '' });
  let listings = 0;
  const counting: DirectoryReader = (dir) => {
    const snapshot = diskDirectory(dir);
    return snapshot && { stamp: snapshot.stamp, entries: () => (listings++, snapshot.entries()) };
  };
  const s = service({ listDirectory: counting });
  const analyze = (name: string) => s.analyze({ fileName: path.join(root, name), languageId: 'yaml', version: 1, text: OS_FOO }).problems.map((p) => p.code);
  assert.deepEqual(analyze('site.yml'), ['unknown-module']);
  const first = listings;
  assert.deepEqual(analyze('other.yml'), ['unknown-module']);
  assert.equal(listings, first, 'a second file in the same folder lists nothing again');
  fs.writeFileSync(path.join(root, 'library/os_foo.py'), '');
  assert.deepEqual(analyze('site.yml'), []);
  assert.ok(listings > first);
});

test('the cache answers per folder, and a listing is bounded', () => {
  const root = tree({ 'library/': '' });
  for (let i = 0; i < 2100; i++) fs.writeFileSync(path.join(root, 'library', `m${i}.py`), '');
  assert.equal(diskDirectory(path.join(root, 'library'))!.entries().length, 2000);
  const cache = new RepositoryModulesCache(diskDirectory, diskSnapshot);
  const a = cache.of(path.join(root, 'a.yml'));
  assert.equal(cache.of(path.join(root, 'b.yml')), a);
  assert.ok(a.library.size >= 2000);
});

test('openstack-clouds lint on a repository with its own os_* modules: no false alarm, exit 0', async () => {
  const root = tree({ 'site.yml': OS_FOO, 'library/os_foo.py': '', 'roles/r/tasks/main.yml': '- os_bar:\n    name: x\n', 'roles/r/library/os_bar.py': '', 'typo.yml': play('- os_nope:\n    name: x') });
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  const env = { OS_CLIENT_CONFIG_FILE: path.join(root, 'none.yaml'), HOME: root };
  assert.equal(await runLint(['site.yml', 'roles/r/tasks/main.yml'], io, { cwd: root, env }), 0, io.stdout);
  assert.match(io.stdout, /2 files checked: 0 errors/);
  io.stdout = '';
  assert.equal(await runLint(['typo.yml'], io, { cwd: root, env }), 1);
  assert.match(io.stdout, /typo\.yml:3:7: error \[unknown-module\]/);
  // ANSIBLE_LIBRARY relative to the folder lint runs in, as ansible-playbook run there reads it.
  fs.mkdirSync(path.join(root, 'mods'));
  fs.writeFileSync(path.join(root, 'mods', 'os_nope.py'), '');
  io.stdout = '';
  assert.equal(await runLint(['typo.yml'], io, { cwd: root, env: { ...env, ANSIBLE_LIBRARY: 'mods' } }), 0, io.stdout);
});

test('completion and hover give nothing from our specs for a module the repository shadows', () => {
  const text = play('- os_server:\n    na');
  const root = tree({ 'library/os_server.py': '', 'site.yml': text });
  const plain = tree({ 'site.yml': text });
  const context = (dir: string) => ({ fileKind: 'playbook' as const, cloudNames: undefined, localModules: new RepositoryModulesCache(diskDirectory, diskSnapshot).of(path.join(dir, 'site.yml')) });
  const labels = (dir: string) => completePlaybook(text, text.indexOf('    na') + 6, context(dir)).map((c) => c.label);
  assert.ok(labels(plain).includes('name'));
  assert.deepEqual(labels(root), []);
  assert.match(hoverPlaybook(text, text.indexOf('os_server') + 1, context(plain))?.markdown ?? '', /openstack\.cloud\.server/);
  assert.equal(hoverPlaybook(text, text.indexOf('os_server') + 1, context(root)), undefined);
});
