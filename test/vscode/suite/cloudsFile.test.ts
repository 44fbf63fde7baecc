// "OpenStack: Create clouds.yaml" with a target: writes the commented template and opens it;
// an existing file is opened, never overwritten.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { CLOUDS_YAML_TEMPLATE } from '../../../extension/config/template';
import { readText, waitFor, workspaceFile } from './helpers';

describe('openstack.createCloudsFile', () => {
  it('writes the template to the target and opens it in an editor', async () => {
    const target = workspaceFile('created', 'clouds.yaml');
    fs.rmSync(workspaceFile('created'), { recursive: true, force: true });
    await vscode.commands.executeCommand('openstack.createCloudsFile', vscode.Uri.file(target));
    await waitFor('the template on disk', () => fs.existsSync(target) && readText(target) === CLOUDS_YAML_TEMPLATE, () => fs.existsSync(target) && readText(target).slice(0, 80));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, target);
    assert.equal(editor?.document.getText(), CLOUDS_YAML_TEMPLATE);
    assert.equal(editor?.document.languageId, 'yaml');
  });

  it('opens an existing file without overwriting it', async () => {
    const target = workspaceFile('existing', 'clouds.yaml');
    const mine = 'clouds:\n  mine:\n    auth: {}\n';
    fs.mkdirSync(workspaceFile('existing'), { recursive: true });
    fs.writeFileSync(target, mine);
    await vscode.commands.executeCommand('openstack.createCloudsFile', vscode.Uri.file(target));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, target);
    assert.equal(readText(target), mine);
  });
});
