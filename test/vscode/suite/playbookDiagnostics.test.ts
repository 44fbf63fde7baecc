// The language service in the real extension host: the talk's playbook gets exactly its four
// mistakes as diagnostics (source "openstack"), and the with_items quick fix repairs one of them.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { repoRoot } from '../../support/paths';
import { api, waitFor, workspaceFile } from './helpers';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'openstack');
}

function brief(uri: vscode.Uri): string[] {
  return ours(uri).map((d) => `${d.range.start.line + 1}:${String(d.code)}`);
}

describe('playbook diagnostics', () => {
  const file = workspaceFile('talk', 'site.yml');
  let uri: vscode.Uri;

  before(async () => {
    await api();
    // The talk's playbook, looping over the clouds of the test workspace's clouds.yaml.
    const talk = fs.readFileSync(path.join(repoRoot, 'test/fixtures/language/talk-playbook.yml'), 'utf8')
      .replace('      - vexxhost\n      - dreamhost\n      - devstack\n', '      - home-lab\n      - edge-cloud\n      - home-lab\n');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, talk);
    uri = vscode.Uri.file(file);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('flags the four mistakes where they are, and nothing else', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const expected = ['15:jinja-unbalanced', '24:unknown-option', '26:unknown-keyword', '32:unknown-resource'];
    await waitFor('the four diagnostics', () => JSON.stringify(brief(uri)) === JSON.stringify(expected), () => brief(uri), 15000);
    const [jinja, option, keyword, resource] = ours(uri);
    assert.equal(jinja!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(option!.range), 'file');
    assert.equal(doc.getText(keyword!.range), 'with-items');
    assert.equal(resource!.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(resource!.range), 'immage-name');
  });

  it('applies the with_items quick fix', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const keyword = ours(uri).find((d) => d.code === 'unknown-keyword');
    assert.ok(keyword, 'the with-items diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, keyword.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === "Change to 'with_items'");
    assert.ok(fix?.edit, `quick fixes offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(25).text.trim(), 'with_items: "{{ clouds }}"');
    await waitFor('the with-items diagnostic to go', () => !brief(uri).includes('26:unknown-keyword'), () => brief(uri), 15000);
    assert.deepEqual(brief(uri), ['15:jinja-unbalanced', '24:unknown-option', '32:unknown-resource']);
  });
});

describe('role task files', () => {
  const role = workspaceFile('roles', 'web');
  const tasks = path.join(role, 'tasks', 'main.yml');
  const meta = path.join(role, 'meta', 'main.yml');

  before(async () => {
    await api();
    fs.mkdirSync(path.dirname(tasks), { recursive: true });
    fs.mkdirSync(path.dirname(meta), { recursive: true });
    fs.writeFileSync(meta, 'galaxy_info:\n  author: me\ncollections:\n  - openstack.cloud\n');
    fs.writeFileSync(tasks, '- name: a server\n  server:\n    name: web\n    image: cirros\n    flavor: m1.tiny\n    flavour: m1.small\n');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(role, '..'), { recursive: true, force: true });
  });

  it('resolve short module names through meta/main.yml, and follow its unsaved edits', async () => {
    const uri = vscode.Uri.file(tasks);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor('the flavour diagnostic', () => JSON.stringify(brief(uri)) === '["6:unknown-option"]', () => brief(uri), 15000);
    const metaDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(meta));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(metaDoc.uri, metaDoc.lineAt(3).range, '  - community.general');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('no diagnostic once the role no longer lists openstack.cloud', () => brief(uri).length === 0, () => brief(uri), 15000);
    assert.ok(await metaDoc.save());
    assert.deepEqual(brief(uri), [], 'saved: the disk now says the same');
  });
});
