// Restricted Mode in the real extension host (issue 10 item 3): test/vscode/run.mjs opens this
// suite's workspace with workspace trust on and nothing trusted. A hostile playbook (a task that
// contains itself through an alias) and a merge-key bomb clouds.yaml still get located
// diagnostics in bounded time, and nothing reaches the workspace's cloud: not from the Clouds
// view, not from the playbook's live resource checks. The cloud is a loopback sink that records
// every request; a trusted workspace sends it the token request as soon as a list is expanded.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import * as vscode from 'vscode';
import { hostile } from '../../unit/support/hostileYaml';
import { api, childrenOf, labelOf, nodeAt, waitFor, waitForRoots, workspaceFile } from '../suite/helpers';

/** Wall time a diagnostic may take in the host: generous for 2 loaded cores, far below a hang. */
const ANSWER_MS = 10_000;

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'openstack');
}

async function openAndWait(file: string, text: string, what: string, found: (d: vscode.Diagnostic) => boolean): Promise<{ doc: vscode.TextDocument; hit: vscode.Diagnostic; ms: number }> {
  fs.writeFileSync(file, text);
  const t0 = Date.now();
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  const summary = () => ours(doc.uri).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}:${String(d.code)}`);
  await waitFor(what, () => ours(doc.uri).some(found), summary, ANSWER_MS);
  return { doc, hit: ours(doc.uri).find(found)!, ms: Date.now() - t0 };
}

describe('Restricted Mode: a hostile workspace', function () {
  this.timeout(60_000);
  const requests: string[] = [];
  let sink: http.Server;

  before(async () => {
    sink = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(503).end();
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    const { port } = sink.address() as net.AddressInfo;
    fs.mkdirSync(workspaceFile('hostile'), { recursive: true });
    // A cloud with its password in the file: a trusted workspace would log in without asking.
    fs.writeFileSync(workspaceFile('clouds.yaml'), `clouds:\n  sink:\n    auth:\n      auth_url: http://127.0.0.1:${port}/v3\n      username: demo\n      password: not-a-secret\n      project_name: demo\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n`);
    await api();
    await waitForRoots(['sink'], 15_000);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise((r) => sink.close(r));
  });

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'test/vscode/run.mjs must open this suite with workspace trust on');
  });

  it('a task that contains itself through an alias gets a located recursive-alias error, not a hang', async () => {
    const text = hostile.selfTask; // - &a {block: [*a]}
    const { doc, hit, ms } = await openAndWait(workspaceFile('hostile', 'site.yml'), text, 'the recursive-alias diagnostic', (d) => d.code === 'recursive-alias');
    assert.equal(hit.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(hit.range), '*a');
    assert.deepEqual([hit.range.start.line, hit.range.start.character], [0, text.indexOf('*a')]);
    assert.ok(ms < ANSWER_MS, `${ms} ms`);
  });

  it('a merge-key bomb clouds.yaml gets a located V-1 where the bomb starts, not a hang', async () => {
    const text = hostile.mergeCloudsYaml();
    const { hit, ms } = await openAndWait(workspaceFile('hostile', 'clouds.yaml'), text, 'the V-1 diagnostic', (d) => d.code === 'V-1');
    assert.equal(hit.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(hit.range.start.line, 2, 'line 3: the first alias of the bomb');
    assert.match(hit.message, /more than \d+ nodes/);
    assert.ok(ms < ANSWER_MS, `${ms} ms`);
  });

  it('sends no request to the cloud: the Clouds view and the playbook checks stay offline', async () => {
    // The view: the cloud's row says why it does not expand; every row below it is expanded too,
    // which in a trusted workspace loads the lists (a token request to the sink).
    const rows = await childrenOf(await nodeAt('sink'));
    for (const row of rows) await childrenOf(row);
    // The playbook: a server task on that cloud, whose image would be checked against the live
    // list of images in a trusted workspace.
    const playbook = '- hosts: localhost\n  tasks:\n    - openstack.cloud.server:\n        cloud: sink\n        name: web\n        image: no-such-image\n        flavor: m1.tiny\n';
    const file = workspaceFile('hostile', 'boot.yml');
    fs.writeFileSync(file, playbook);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 17));
    await new Promise((r) => setTimeout(r, 3000)); // what a background load would need to reach the sink
    assert.deepEqual(requests, []);
    assert.deepEqual(await Promise.all(rows.map(labelOf)), ['Restricted Mode: no request is sent to this cloud']);
  });
});
