// The extension loads in the real extension host, lazily, and contributes what package.json says.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension } from './helpers';

describe('activation', () => {
  it('is not active before anything asks for it (no * or onStartupFinished)', () => {
    // This file runs first: nothing has opened a YAML file, the view or a command yet.
    assert.equal(extension().isActive, false);
  });

  it('activates and returns its API', async () => {
    const ext = extension();
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(typeof api.cloudsTree.getChildren, 'function');
  });

  it('registers every command contributed in package.json', async () => {
    const contributed = (extension().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length >= 4, `only ${contributed.length} commands contributed`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('contributes the Clouds view, whose focus command shows it', async () => {
    await vscode.commands.executeCommand('openstackClouds.focus');
    // The view's own commands exist only because the view is contributed and registered.
    assert.ok((await vscode.commands.getCommands(true)).includes('openstackClouds.focus'));
  });
});
