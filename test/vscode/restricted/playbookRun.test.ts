// Run Playbook in Restricted Mode: ansible-playbook runs code from the playbook and its folder, so
// both commands refuse with a message saying why, start no task and leave no problem.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { api, workspaceFile } from '../suite/helpers';

describe('Restricted Mode: Run Playbook', () => {
  it('refuses both commands with a clear message, and runs nothing', async () => {
    await api();
    assert.equal(vscode.workspace.isTrusted, false);
    const file = workspaceFile('run-me.yml');
    fs.writeFileSync(file, '- hosts: localhost\n  tasks:\n    - ansible.builtin.command: touch /tmp/never\n');
    const uri = vscode.Uri.file(file);
    let started = 0;
    const listener = vscode.tasks.onDidStartTask(() => started++);
    try {
      for (const [command, args] of [['openstack.runPlaybook', [uri]], ['openstack.runPlaybookOnClouds', [uri, ['sink']]]] as const) {
        const result = await vscode.commands.executeCommand<{ error?: string; exitCode?: number }>(command, ...args);
        assert.match(result.error ?? '', /^Restricted Mode: playbooks run only in a trusted workspace/, command);
        assert.equal(result.exitCode, undefined);
      }
      assert.equal(started, 0, 'no task started');
      assert.deepEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ansible-playbook'), []);
    } finally {
      listener.dispose();
      fs.rmSync(file, { force: true });
    }
  });
});
