// Run Playbook in the real extension host, with the real ansible-playbook (Debian 13's, in the
// root test/ansible/install.sh made, through test/ansible/ansible-playbook-chroot.sh, which the
// vscode stage names in $OPENSTACK_TEST_ANSIBLE_PLAYBOOK) against the real local cloud: a
// deliberately failing task (an image that does not exist, so nothing is created) becomes a
// problem at that task's line, only on the cloud picked, and the Clouds view reloads when the run
// ends. The next run (a play that does not fail) clears the problem.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { api, waitFor, waitForRoots, workspaceFile } from './helpers';

interface RunResult {
  exitCode: number | undefined;
  failed: { task: string; line?: number; message: string; item?: string }[];
  missing?: { what: string };
  error?: string;
}

const PLAYBOOK = `- name: Run Playbook test
  hosts: localhost
  gather_facts: false
  vars:
    clouds: [local-password, local-appcred]
  tasks:
    - name: Look up the servers
      openstack.cloud.server_info:
        cloud: "{{ item }}"
        name: playbookrun-nothing
      loop: "{{ clouds }}"

    - name: Boot from an image that does not exist
      openstack.cloud.server:
        cloud: "{{ item }}"
        name: playbookrun-never
        image: playbookrun-no-such-image
        flavor: m1.tiny
        network: private
        auto_ip: false
        security_groups: [default]
      loop: "{{ clouds }}"
`;
const FAILING_LINE = 13;

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ansible-playbook');

describe('Run Playbook with the real ansible-playbook', function () {
  this.timeout(120_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  const ansible = () => vscode.workspace.getConfiguration('openstackClouds.ansible');
  const file = workspaceFile('playbook-run', 'site.yml');
  const uri = vscode.Uri.file(file);

  before(async () => {
    const wrapper = process.env.OPENSTACK_TEST_ANSIBLE_PLAYBOOK;
    assert.ok(wrapper && fs.existsSync(wrapper), 'the vscode stage (test/vscode/run.mjs) sets OPENSTACK_TEST_ANSIBLE_PLAYBOOK to the ansible-playbook wrapper');
    await api();
    await settings().update('cloudsFile', testCloud().cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await ansible().update('playbookPath', wrapper, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([...TEST_CLOUDS], 15_000);
    fs.mkdirSync(workspaceFile('playbook-run'), { recursive: true });
    fs.writeFileSync(file, PLAYBOOK);
    assert.match(PLAYBOOK.split('\n')[FAILING_LINE - 1]!, /- name: Boot from an image that does not exist/);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await ansible().update('playbookPath', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
    fs.rmSync(workspaceFile('playbook-run'), { recursive: true, force: true });
  });

  it('shows the failing task as a problem at its line, on the cloud picked only, and reloads the Clouds view', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    let treeChanges = 0;
    const listener = (await api()).cloudsTree.onDidChangeTreeData!(() => treeChanges++);
    try {
      const result = await vscode.commands.executeCommand<RunResult>('openstack.runPlaybookOnClouds', uri, ['local-password']);
      assert.equal(result.error, undefined);
      assert.equal(result.missing, undefined);
      assert.equal(result.exitCode, 2, JSON.stringify(result));
      assert.deepEqual(result.failed.map((f) => [f.task, f.line, f.item]), [['Boot from an image that does not exist', FAILING_LINE, 'item=local-password']]);
      const problems = ours(uri);
      assert.equal(problems.length, 1, JSON.stringify(problems.map((d) => d.message)));
      assert.equal(problems[0]!.range.start.line, FAILING_LINE - 1);
      assert.equal(problems[0]!.range.start.character, 4, 'from the task\'s dash');
      assert.equal(problems[0]!.severity, vscode.DiagnosticSeverity.Error);
      assert.match(problems[0]!.message, /^Boot from an image that does not exist \[localhost item=local-password\]: Could not find image playbookrun-no-such-image/);
      await waitFor('the Clouds view to reload', () => treeChanges > 0, () => treeChanges, 10_000);
    } finally {
      listener.dispose();
    }
  });

  it('clears the problems when the next run starts', async () => {
    // No cloud this time (the first test covered it): a play that only prints, to keep the test short.
    fs.writeFileSync(file, '- name: Nothing fails\n  hosts: localhost\n  gather_facts: false\n  tasks:\n    - name: Say so\n      ansible.builtin.debug:\n        msg: fine\n');
    const result = await vscode.commands.executeCommand<RunResult>('openstack.runPlaybook', uri);
    assert.equal(result.exitCode, 0, JSON.stringify(result));
    assert.deepEqual(result.failed, []);
    assert.deepEqual(ours(uri), []);
  });

  it('says how to install ansible-playbook when it is not there', async () => {
    await ansible().update('playbookPath', workspaceFile('playbook-run', 'no-such-ansible-playbook'), vscode.ConfigurationTarget.Workspace);
    try {
      const result = await vscode.commands.executeCommand<RunResult & { missing?: { install: string } }>('openstack.runPlaybook', uri);
      assert.equal(result.missing?.what, 'ansible-playbook', JSON.stringify(result));
      assert.match(result.missing!.install, /apt install ansible python3-openstacksdk/);
      assert.match(result.missing!.install, /openstackClouds\.ansible\.playbookPath/);
    } finally {
      await ansible().update('playbookPath', process.env.OPENSTACK_TEST_ANSIBLE_PLAYBOOK, vscode.ConfigurationTarget.Workspace);
    }
  });
});
