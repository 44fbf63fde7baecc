// The parser of ansible-playbook output and the command builder of "Run Playbook". The samples in
// test/fixtures/ansible-output/ are real output of Debian 13's ansible-playbook (ansible-core
// 2.19, openstack.cloud 2.4.1) run with playbookCommand's environment: *.yml are the playbooks
// (run from /tmp/pbcap), *.out what they printed (stdout and stderr), cloud.out against the local
// test cloud, no-sdk.out with openstacksdk hidden from Python.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePlaybookOutput, taskLineByName, type PlaybookFinding } from '../../extension/ansible/playbookOutput';
import { CLOUDS_EXTRA_VAR, missingDependency, playbookCommand, secureYamlText, writeSecureFile } from '../../extension/ansible/playbookCommand';
import { exportBootPlaybook } from '../../extension/ansible/exportPlaybook';
import { fixture } from '../support/paths';

const sample = (name: string) => fs.readFileSync(fixture('ansible-output', name), 'utf8');
const brief = (f: PlaybookFinding) => `${f.file ? `${path.basename(f.file)}:${f.line}` : '-'} ${f.host ?? '-'}${f.item ? ` (${f.item})` : ''}${f.ignored ? ' ignored' : ''}: ${f.message}`;

test('failures.out: each failed task at its line, ignored ones marked, escapes made visible', () => {
  const report = parsePlaybookOutput(sample('failures.out'));
  assert.deepEqual(report.findings.map(brief), [
    'play.yml:5 localhost ignored: ignored one',
    'play.yml:10 localhost (item=b) ignored: item b failed',
    'play.yml:17 localhost ignored: bad red and \\u0007 bell\\nsecond line', // colours stripped, other controls escaped
    'play.yml:22 localhost ignored: Cloud no-such-cloud was not found.',
    'tasks.yml:1 localhost: non-zero return code',
  ]);
  assert.deepEqual(report.findings.map((f) => f.task), ['Ignored failure', 'Loop with a failing item', 'Escape test', 'Cloud that does not exist', 'Included task fails']);
  assert.equal(report.findings[4]!.file, '/tmp/pbcap/tasks.yml', 'the included file, not the playbook');
  assert.deepEqual(report.recap, { localhost: { ok: 5, changed: 0, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 4 } });
  for (const f of report.findings) assert.doesNotMatch(f.message, /[\u0000-\u001f\u007f-\u009f]/, 'no raw control character');
  // The play line matches the sample's playbook.
  const play = sample('play.yml').split('\n');
  assert.match(play[16]!, /- name: Escape test/);
});

test('loop.out: every failed item of a loop, located by the Origin of ansible-core 2.19', () => {
  const { findings } = parsePlaybookOutput(sample('loop.out'));
  assert.deepEqual(findings.map(brief), ['loop.yml:5 localhost (item=b): item b failed', 'loop.yml:5 localhost (item=c): item c failed']);
});

test('cloud.out: the module error of the real cloud, for both clouds of the loop', () => {
  const { findings, recap } = parsePlaybookOutput(sample('cloud.out'));
  assert.deepEqual(findings.map(brief), [
    'cloud.yml:10 localhost (item=local-password): Could not find image no-such-image-pbcap with exclude (deprecated)',
    'cloud.yml:10 localhost (item=local-appcred): Could not find image no-such-image-pbcap with exclude (deprecated)',
  ]);
  assert.equal(recap.localhost!.failed, 1);
});

test('errors of the playbook itself (an unknown module, a parse error) are findings without a host', () => {
  assert.deepEqual(parsePlaybookOutput(sample('no-collection.out')).findings.map(brief),
    ["nocoll.yml:5 -: couldn't resolve module/action 'openstack.cloudx.server_info'. This often indicates a misspelling, missing collection, or incorrect module path."]);
  assert.deepEqual(parsePlaybookOutput(sample('syntax.out')).findings.map(brief), ['syntax.yml:4 -: conflicting action statements: ansible.builtin.debug, bogus_keyword']);
});

test('the output of older ansible-core (task path on failure, "The error appears to be in")', () => {
  // ansible-core 2.15's shapes (not in the Debian 13 runtime), written from its callback's format strings.
  const old = [
    'TASK [Boot] ********',
    'task path: /p/site.yml:12',
    'fatal: [localhost]: FAILED! => {"changed": false, "msg": "Quota exceeded"}',
    'TASK [Loop] ********',
    'failed: [localhost] (item=x) => {"item": "x", "msg": "bad x"}',
    'ERROR! couldn\'t resolve module/action \'openstack.cloud.servr\'. This often indicates a misspelling',
    '',
    "The error appears to be in '/p/other.yml': line 7, column 5, but may",
  ].join('\n');
  assert.deepEqual(parsePlaybookOutput(old).findings.map(brief), [
    'site.yml:12 localhost: Quota exceeded',
    '- localhost (item=x): bad x',
    "other.yml:7 -: couldn't resolve module/action 'openstack.cloud.servr'. This often indicates a misspelling",
  ]);
  assert.equal(taskLineByName('- hosts: all\n  tasks:\n    - name: "Loop"\n      debug: {}\n', 'Loop'), 3);
  assert.equal(taskLineByName('- name: A\n- name: A\n', 'A'), undefined, 'ambiguous');
});

test('hostile output: colour, OSC, CR and huge messages are stripped, escaped and bounded', () => {
  const msg = `\u001b]52;c;aGk=\u0007x\r\u202e${'y'.repeat(5000)}`;
  const out = `TASK [\u001b[31mEvil\u001b[0m] ****\ntask path: /p/a.yml:3\nfatal: [h]: FAILED! => ${JSON.stringify({ msg })}\n`;
  const [f] = parsePlaybookOutput(out).findings;
  assert.equal(f!.task, 'Evil');
  assert.ok(f!.message.length <= 1001);
  assert.match(f!.message, /^x\\r\\u202eyyy/, 'the OSC 52 (clipboard) sequence dropped, CR and the bidi override escaped');
  assert.doesNotMatch(f!.message, /[\u0000-\u001f\u202e]/);
  // A result that is not JSON still gives a finding.
  assert.deepEqual(parsePlaybookOutput('TASK [t] **\nfatal: [h]: UNREACHABLE! => not json').findings.map((x) => [x.message, x.unreachable]), [['not json', true]]);
});

test('missing ansible-playbook, collection or openstacksdk: named with how to install it', () => {
  assert.equal(missingDependency('', 'ENOENT')?.what, 'ansible-playbook');
  assert.match(missingDependency('', 'ENOENT')!.install, /apt install ansible python3-openstacksdk/);
  assert.equal(missingDependency(sample('no-sdk.out'))?.what, 'openstacksdk');
  assert.match(missingDependency(sample('no-sdk.out'))!.install, /python3-openstacksdk/);
  assert.equal(missingDependency("[ERROR]: couldn't resolve module/action 'openstack.cloud.server'. This often")?.what, 'openstack.cloud collection');
  assert.match(missingDependency("couldn't resolve module/action 'openstack.cloud.server'")!.install, /ansible-galaxy collection install openstack\.cloud/);
  assert.equal(missingDependency(sample('no-collection.out')), undefined, 'openstack.cloudx is a typo, not the collection');
  assert.equal(missingDependency(sample('cloud.out')), undefined);
});

test('playbookCommand: clouds.yaml, the chosen clouds as the extra var, output pinned, nothing secret in argv', () => {
  const cmd = playbookCommand({
    ansiblePlaybook: '/opt/ansible/bin/ansible-playbook', playbook: '/w/site.yml', cloudsFile: '/w/clouds.yaml', clouds: ['a', 'b,c'],
    secureFile: '/tmp/x/secure.yaml', baseEnv: { PATH: '/usr/bin', ANSIBLE_FORCE_COLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'yaml', GONE: undefined },
  });
  assert.equal(cmd.command, '/opt/ansible/bin/ansible-playbook');
  assert.deepEqual(cmd.args, ['/w/site.yml', '-e', JSON.stringify({ [CLOUDS_EXTRA_VAR]: ['a', 'b,c'] })]);
  assert.equal(CLOUDS_EXTRA_VAR, 'clouds', 'the variable exported playbooks read');
  const exported = exportBootPlaybook({ clouds: ['x'], name: 'n', image: 'i', flavor: 'f' });
  assert.match(exported, new RegExp(`^ {4}${CLOUDS_EXTRA_VAR}:\\n {6}- x$`, 'm'), 'an exported playbook declares it');
  assert.match(exported, new RegExp(`\\(${CLOUDS_EXTRA_VAR}\\.split\\(','\\) if ${CLOUDS_EXTRA_VAR} is string else ${CLOUDS_EXTRA_VAR}\\)`), 'and loops over it, a JSON list as is');
  assert.equal(cmd.cwd, '/w');
  assert.equal(cmd.env.OS_CLIENT_CONFIG_FILE, '/w/clouds.yaml');
  assert.equal(cmd.env.OS_CLIENT_SECURE_FILE, '/tmp/x/secure.yaml');
  assert.equal(cmd.env.ANSIBLE_STDOUT_CALLBACK, 'default');
  assert.equal(cmd.env.ANSIBLE_SHOW_TASK_PATH_ON_FAILURE, 'True');
  assert.equal(cmd.env.ANSIBLE_FORCE_COLOR, undefined);
  assert.equal('GONE' in cmd.env, false);
  const bare = playbookCommand({ ansiblePlaybook: '', playbook: '/w/site.yml', baseEnv: {} });
  assert.deepEqual([bare.command, bare.args, bare.env.OS_CLIENT_CONFIG_FILE, bare.env.OS_CLIENT_SECURE_FILE], ['ansible-playbook', ['/w/site.yml'], undefined, undefined]);
});

test('secure.yaml of a run: the user\'s file kept (it wins), our secrets added below it, 0600, removed after', async () => {
  const existing = { clouds: { a: { auth: { password: 'from-file' } }, z: { auth: { password: 'z' } } }, other: 1 };
  const text = secureYamlText(existing, { a: { password: 'ours', application_credential_secret: 's' }, b: { password: 'pb' } });
  assert.deepEqual(JSON.parse(text), {
    clouds: { a: { auth: { password: 'from-file', application_credential_secret: 's' } }, z: { auth: { password: 'z' } }, b: { auth: { password: 'pb' } } }, other: 1,
  });
  assert.deepEqual(existing.clouds.a.auth, { password: 'from-file' }, 'the parsed file is not changed');
  const file = await writeSecureFile(text, os.tmpdir());
  assert.equal(fs.statSync(file.path).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(file.path)).mode & 0o777, 0o700);
  assert.equal(fs.readFileSync(file.path, 'utf8'), text);
  await file.remove();
  await file.remove();
  assert.equal(fs.existsSync(path.dirname(file.path)), false);
});
