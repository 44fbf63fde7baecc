// The Clouds tree reads the workspace clouds.yaml and follows changes made to it on disk.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import * as vscode from 'vscode';
import { api, readText, rootLabels, waitForRoots, workspaceFile } from './helpers';

const TWO_CLOUDS = ['home-lab', 'edge-cloud'];

describe('clouds tree', () => {
  const cloudsYaml = () => workspaceFile('clouds.yaml');
  let original = '';

  before(() => {
    original = readText(cloudsYaml());
  });

  afterEach(async () => {
    if (!fs.existsSync(cloudsYaml()) || readText(cloudsYaml()) !== original) fs.writeFileSync(cloudsYaml(), original);
    await waitForRoots(TWO_CLOUDS);
  });

  it('has the two clouds of the workspace clouds.yaml as its roots, in file order', async () => {
    assert.deepEqual(await rootLabels(), TWO_CLOUDS);
  });

  it('openstack.refresh re-reads the file', async () => {
    await vscode.commands.executeCommand('openstack.refresh');
    assert.deepEqual(await rootLabels(), TWO_CLOUDS);
  });

  it('follows an edit made on disk (file watcher), without a refresh', async () => {
    fs.writeFileSync(cloudsYaml(), `${original}\n  third-cloud:\n    auth:\n      auth_url: http://127.0.0.3:5000/v3\n`);
    await waitForRoots([...TWO_CLOUDS, 'third-cloud']);
  });

  it('empties when clouds.yaml is deleted and comes back when it is created again', async () => {
    fs.rmSync(cloudsYaml());
    await waitForRoots([]);
    fs.writeFileSync(cloudsYaml(), original);
    await waitForRoots(TWO_CLOUDS);
  });

  it('each root opens its definition in clouds.yaml', async () => {
    const tree = (await api()).cloudsTree;
    const [first] = (await tree.getChildren()) ?? [];
    const item = await tree.getTreeItem(first);
    assert.ok(item.command, 'a cloud item has a command');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, cloudsYaml());
    assert.equal(editor?.document.getText(editor.selection), 'home-lab');
  });
});
