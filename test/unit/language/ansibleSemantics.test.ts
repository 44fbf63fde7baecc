// Ansible's argument semantics in the playbook checks (omit, defaults, aliases), the collection
// version a repository targets, and files that do not parse. The differential test
// (ansible-differential.test.ts) compares the same rules with ansible-core over a corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';
import { problemFixes } from '../../../extension/language/findings';
import { diskSnapshot } from '../../../extension/language/roleCollections';
import { majorOfRequirement, openstackRequirement } from '../../../extension/language/collectionVersion';
import { runLint } from '../../../extension/cli/lint';

function check(text: string, fileName = '/work/site.yml', collectionVersion?: string) {
  const service = new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined, readFile: diskSnapshot, collectionVersion: () => collectionVersion });
  return service.analyze({ fileName, languageId: 'yaml', version: 1, text }).problems;
}

const brief = (problems: ReturnType<typeof check>) => problems.map((p) => `${p.severity}:${p.code}`);
const tasks = (body: string) => `- hosts: localhost\n  tasks:\n${body.replace(/^/gm, '    ')}\n`;

test('an option templated with omit never conflicts, and meets a requirement only perhaps (a hint)', () => {
  const server = '- openstack.cloud.server:\n    name: web\n    image: cirros\n    flavor: m1.tiny\n';
  assert.deepEqual(brief(check(tasks(`${server}    nics: [{net-name: a}]\n    network: "{{ net | default(omit) }}"`))), []);
  assert.deepEqual(brief(check(tasks(`${server}    auto_ip: "{{ x | default(omit) }}"\n    public_ip: true`))), []);
  const volume = check(tasks('- openstack.cloud.volume:\n    name: "{{ n if named else omit }}"\n    size: 1'));
  assert.deepEqual(brief(volume), ['hint:missing-required-option']);
  assert.match(volume[0]!.message, /may be left out/);
  // Certain either way: still an error.
  // (and size, needed when state is present, only perhaps missing: a hint)
  assert.deepEqual(brief(check(tasks('- openstack.cloud.volume:\n    size: "{{ s | default(omit) }}"'))), ['error:missing-required-option', 'hint:required-if']);
});

test('defaults count before required_if; a null value is given except for required_by', () => {
  assert.deepEqual(brief(check(tasks('- openstack.cloud.neutron_rbac_policy:\n    object_id: x\n    object_type: network\n    action: access_as_shared'))), []);
  assert.deepEqual(brief(check(tasks('- openstack.cloud.volume:\n    name:\n    size: 1'))), []);
  assert.deepEqual(brief(check(tasks('- openstack.cloud.router:\n    name: r\n    enable_snat:'))), []);
  assert.deepEqual(brief(check(tasks('- openstack.cloud.router:\n    name: r\n    enable_snat: false'))), ['error:required-by']);
});

test('two spellings of one option warn as Ansible does (also two aliases)', () => {
  const base = '- openstack.cloud.server:\n    name: web\n    image: cirros\n    flavor: m1.tiny\n';
  assert.deepEqual(brief(check(tasks(`${base}    auto_ip: true\n    public_ip: false`))), ['warning:duplicate-option']);
  assert.deepEqual(brief(check(tasks(`${base}    auto_floating_ip: true\n    public_ip: false`))), ['warning:duplicate-option']);
});

test('collection version: requirement syntax', () => {
  for (const [spec, major] of [['1.10.0', 1], ['==1.10.0', 1], ['>=1.0.0,<2.0.0', 1], ['<2', 1], ['1.*', 1], ['>=2.0.0', 2], ['2.5.0', 2], ['2', 2], ['>=1.0.0', undefined], ['*', undefined]] as const) {
    assert.equal(majorOfRequirement(spec), major, spec);
  }
  assert.equal(openstackRequirement('collections:\n  - name: community.general\n  - name: openstack.cloud\n    version: ">=1.5,<2"\n'), '>=1.5,<2');
  assert.equal(openstackRequirement('dependencies:\n  openstack.cloud: "1.10.0"\n'), '1.10.0');
  assert.equal(openstackRequirement('collections:\n  - openstack.cloud\n'), '');
  assert.equal(openstackRequirement('roles: []\n'), undefined);
});

test('collection version: a 1.x pin makes 1.x options right and 2.x-only ones wrong; the setting applies without a pin', () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'lintsem-version-'));
  fs.mkdirSync(path.join(repo, 'collections'));
  fs.mkdirSync(path.join(repo, 'playbooks'));
  const playbook = path.join(repo, 'playbooks', 'site.yml');
  const group = (option: string) => tasks(`- openstack.cloud.server_group:\n    name: g\n    ${option}`);
  // No pin: 2.x, where `policies` is gone and `policy` (required when present) replaced it, with a fix.
  const on2 = check(group('policies: [anti-affinity]'), playbook);
  assert.deepEqual(brief(on2), ['error:required-if', 'error:removed-option']);
  assert.deepEqual(problemFixes(on2[1]!).map((f) => f.edits[0]!.newText), ['policy']);
  assert.deepEqual(brief(check(group('policies: [anti-affinity]'), playbook, '1.10.0')), [], 'the setting chooses 1.x');
  fs.writeFileSync(path.join(repo, 'collections', 'requirements.yml'), 'collections:\n  - name: openstack.cloud\n    version: "==1.10.0"\n');
  assert.deepEqual(brief(check(group('policies: [anti-affinity]'), playbook, '2')), [], 'the pin wins over the setting');
  assert.deepEqual(brief(check(group('policy: anti-affinity'), playbook)), ['error:unknown-option']);
  // 2.x's required_if (policy when present) is no requirement on 1.x.
  assert.deepEqual(brief(check(tasks('- openstack.cloud.server_group:\n    name: g'), playbook)), []);
  fs.rmSync(repo, { recursive: true, force: true });
});

test('a file that does not parse gets a located error, in the editor and in the CLI (exit 1)', async () => {
  const broken = '- hosts: all\n  tasks:\n    - openstack.cloud.server: {name: web\n';
  const problems = check(broken);
  assert.deepEqual(brief(problems), ['error:yaml-syntax']);
  assert.ok(problems[0]!.range.start.line >= 2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lintsem-parse-'));
  fs.writeFileSync(path.join(dir, 'bad.yml'), 'hosts: all\n\ttasks: [\n');
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  assert.equal(await runLint(['bad.yml', '--collection-version', '1.10.0'], io, { cwd: dir, env: {} }), 1);
  assert.match(io.stdout, /bad\.yml:2:\d+: error \[yaml-syntax\]/);
  assert.equal(await runLint(['bad.yml', '--collection-version', 'latest'], io, { cwd: dir, env: {} }), 2);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a play may say user (remote_user); a short openstack.cloud name without collections: gets a hint with the FQCN', () => {
  assert.deepEqual(brief(check('- hosts: all\n  user: admin\n  tasks:\n    - debug: msg=hi\n')), []);
  const short = check(tasks('- server:\n    name: web'));
  assert.deepEqual(brief(short), ['hint:short-module-name']);
  assert.deepEqual(problemFixes(short[0]!).map((f) => f.edits[0]!.newText), ['openstack.cloud.server']);
  assert.deepEqual(brief(check(tasks('- user:\n    name: web'))), [], 'ansible.builtin.user');
});

test('clouds.yaml: a project domain next to an application credential is a hint (keystoneauth ignores it without a project); a project name is an error', () => {
  const service = new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined, cloudsContext: () => ({ files: [] }) });
  const cloud = (extra: string) => `clouds:\n  ac:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: https://keystone.example.com/v3\n      application_credential_id: abc\n      application_credential_secret: s\n${extra}`;
  const v10 = (text: string) => service.analyze({ fileName: '/work/clouds.yaml', languageId: 'yaml', version: 1, text }).problems.filter((p) => p.code === 'V-10').map((p) => p.severity);
  assert.deepEqual(v10(cloud('      project_domain_name: Default\n')), ['hint']);
  assert.deepEqual(v10(cloud('      project_domain_name: Default\n      project_name: demo\n')), ['error', 'error']);
});

test('a module argument block indented at the task level is one finding, not one per option', () => {
  const problems = check(tasks('- name: boot\n  openstack.cloud.server:\n  image: cirros\n  flavor: m1.tiny\n  network: private'));
  assert.deepEqual(brief(problems), ['error:misindented-options']);
  assert.match(problems[0]!.message, /'image', 'flavor', 'network' of openstack.cloud.server are not indented under it/);
});
