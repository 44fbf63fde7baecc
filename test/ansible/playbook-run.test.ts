// Run Playbook's core with the real ansible-playbook (the root's, through the same wrapper the
// vscode stage uses) on the local cloud: a password that only VS Code holds reaches openstacksdk
// through the temporary 0600 secure.yaml (OS_CLIENT_SECURE_FILE), not argv or the environment,
// and without it the same run fails; the failing task of the run is found at its line by the
// parser, on the cloud given as the `clouds` extra var only.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { playbookCommand, secureYamlText, writeSecureFile, type SecureFile } from '../../extension/ansible/playbookCommand';
import { parsePlaybookOutput } from '../../extension/ansible/playbookOutput';
import { repoRoot } from '../support/paths';
import { testCloud } from '../support/testCloud';
import { ansibleRoot } from '../support/ansibleRoot';

const wrapper = path.join(repoRoot, 'test/ansible/ansible-playbook-chroot.sh');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-playbook-run-'));
const playbook = path.join(dir, 'site.yml');
const cloudsFile = path.join(dir, 'clouds.yaml');
let password = '';
let secure: SecureFile | undefined;

before(async () => {
  // The test cloud's clouds.yaml without local-password's password: only "VS Code" has it now.
  const text = fs.readFileSync(testCloud().cloudsYaml, 'utf8');
  const block = /\n {2}local-password:\n(?: {4}.*\n)*/.exec(text)![0];
  password = /\n {6}password: (.*)\n/.exec(block)![1]!.trim();
  fs.writeFileSync(cloudsFile, text.replace(block, block.replace(/\n {6}password: .*\n/, '\n')), { mode: 0o600 });
  fs.writeFileSync(playbook, [
    '- name: Secrets from VS Code',
    '  hosts: localhost',
    '  gather_facts: false',
    '  vars:',
    '    clouds: [local-password, local-tasks]',
    '  tasks:',
    '    - name: Log in and look up a server',
    '      openstack.cloud.server_info:',
    '        cloud: "{{ item }}"',
    '        name: playbook-run-nothing',
    '      loop: "{{ clouds }}"',
    '',
    '    - name: Fail on purpose',
    '      ansible.builtin.fail:',
    '        msg: "failed on {{ item }}"',
    '      loop: "{{ clouds }}"',
    '',
  ].join('\n'));
  secure = await writeSecureFile(secureYamlText({}, { 'local-password': { password } }));
});

after(async () => {
  await secure?.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

function run(secureFile?: string): Promise<{ code: number; output: string; argv: string[]; env: Record<string, string> }> {
  const cmd = playbookCommand({
    ansiblePlaybook: wrapper, playbook, cloudsFile, clouds: ['local-password'], secureFile,
    baseEnv: { PATH: process.env.PATH, OPENSTACK_TEST_ANSIBLE_ROOT: ansibleRoot() },
  });
  return new Promise((resolve) => {
    execFile(cmd.command, cmd.args, { cwd: cmd.cwd, env: cmd.env, timeout: 300_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}${stderr}`, argv: [cmd.command, ...cmd.args], env: cmd.env });
    });
  });
}

test('the password kept in VS Code reaches openstacksdk through the 0600 secure.yaml only; the failing task is found at its line', async () => {
  const r = await run(secure!.path);
  assert.equal(fs.statSync(secure!.path).mode & 0o777, 0o600);
  assert.ok(!r.argv.join(' ').includes(password), 'the password is not in argv');
  assert.ok(!Object.values(r.env).some((v) => v.includes(password)), 'the password is not in the environment');
  assert.match(r.output, /ok: \[localhost\] => \(item=local-password\)/, r.output);
  assert.doesNotMatch(r.output, /item=local-tasks/, 'only the cloud of the extra var');
  const { findings, recap } = parsePlaybookOutput(r.output);
  assert.deepEqual(findings.map((f) => [path.basename(f.file ?? ''), f.line, f.item, f.message, f.ignored]), [['site.yml', 13, 'item=local-password', 'failed on local-password', false]]);
  assert.equal(f0(recap).failed, 1);
  assert.equal(r.code, 2);
});

test('without the secure.yaml the same login fails (the password really came from it)', async () => {
  const r = await run(undefined);
  const { findings } = parsePlaybookOutput(r.output);
  assert.equal(findings[0]?.task, 'Log in and look up a server', r.output);
  assert.equal(findings[0]?.line, 7);
  assert.notEqual(r.code, 0);
});

function f0(recap: Record<string, Record<string, number>>): Record<string, number> {
  return recap.localhost ?? {};
}
