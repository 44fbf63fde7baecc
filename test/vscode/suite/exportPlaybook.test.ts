// "Export as Playbook" in the real extension host, against the real local OpenStack:
// - the boot wizard's review (with its earlier steps given as arguments) offers "Export as
//   Playbook…"; picked, it opens the choices as a playbook in a new untitled editor (the server
//   module looping over both chosen clouds, no secret of clouds.yaml, no diagnostic from our lint,
//   which does flag a mistake put into it) and comes back to the review: nothing is booted.
// - user data from a file is read by the play from that file (its text is not in the playbook).
// - a server row exports as "boot a server like this one" (its image, flavor, network, security
//   groups, and auto_ip from its floating IP). Only the server booted here is deleted afterwards.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { session } from '../../support/cloudSessions';
import { deleteServerAndIps } from '../../../extension/openstack/compute/deleteServer';
import { listServers } from '../../../extension/openstack/services/compute';
import { collect } from '../../../extension/openstack/services/paging';
import { api, childrenOf, labelOf, nodeAt, waitFor, waitForRoots, workspaceFile } from './helpers';

const CLOUDS = ['local-password', 'local-tasks'];

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'openstack');
const brief = (uri: vscode.Uri) => ours(uri).map((d) => `${d.range.start.line + 1}:${String(d.code)}: ${d.message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every secret value of the test clouds.yaml (passwords, application credential secrets). */
function secrets(): string[] {
  const text = fs.readFileSync(testCloud().cloudsYaml, 'utf8');
  return [...text.matchAll(/^\s*(?:password|application_credential_secret|token):\s*(\S+)\s*$/gm)].map((m) => m[1]!);
}

async function serversNamed(cloud: string, prefix: string): Promise<string[]> {
  const s = await session(cloud);
  try {
    return (await collect(listServers(s, { name: `^${prefix}` }))).map((v) => v.name).filter((n) => n.startsWith(prefix));
  } finally {
    await s.close();
  }
}

/** Our lint runs on the document: zero findings, a mistake put in is flagged, taken out it is clean again. */
async function lintCleanAndLive(doc: vscode.TextDocument, option = 'flavor'): Promise<void> {
  await sleep(1000); // the analysis of a new document runs at once; a finding would be there by now
  await waitFor('no diagnostics', () => ours(doc.uri).length === 0, () => brief(doc.uri), 10_000);
  const line = doc.getText().split('\n').findIndex((l) => l.trimStart().startsWith(`${option}: `));
  assert.ok(line > 0, `the playbook has ${option}`);
  const at = new vscode.Range(line, doc.lineAt(line).firstNonWhitespaceCharacterIndex, line, doc.lineAt(line).firstNonWhitespaceCharacterIndex + option.length);
  const wrong = `${option}x`;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, at, wrong);
  assert.ok(await vscode.workspace.applyEdit(edit));
  await waitFor(`the lint to flag ${wrong}`, () => ours(doc.uri).some((d) => d.code === 'unknown-option' && d.range.start.line === line), () => brief(doc.uri), 15_000);
  const undo = new vscode.WorkspaceEdit();
  undo.replace(doc.uri, new vscode.Range(at.start, at.start.translate(0, wrong.length)), option);
  assert.ok(await vscode.workspace.applyEdit(undo));
  await waitFor('the lint to be clean again', () => ours(doc.uri).length === 0, () => brief(doc.uri), 15_000);
}

function exported(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.uri.scheme === 'untitled' && doc.getText().includes('openstack.cloud.server') ? doc : undefined;
}

async function closeUnsaved(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled')) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

describe('Export as Playbook', function () {
  this.timeout(240_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  const name = `export-${crypto.randomBytes(3).toString('hex')}`;

  before(async () => {
    await api();
    await settings().update('cloudsFile', testCloud().cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([...TEST_CLOUDS], 15_000);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await closeUnsaved();
    for (const cloud of CLOUDS) {
      const s = await session(cloud);
      try {
        for (const server of await collect(listServers(s, { name: `^${name}` }))) {
          if (server.name.startsWith(name)) await deleteServerAndIps(s, server.id, AbortSignal.timeout(60_000)).catch(() => undefined);
        }
      } finally {
        await s.close();
      }
    }
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
  });

  it('the boot review\'s "Export as Playbook…" opens the choices as a lint-clean playbook and boots nothing', async () => {
    // The lists the review reads, loaded (as the wizard's earlier steps would have), so it shows at once.
    for (const cloud of CLOUDS) for (const list of ['Images', 'Flavors', 'Networks', 'Key Pairs', 'Floating IPs']) await childrenOf(await nodeAt(cloud, list));
    const wizard = vscode.commands.executeCommand('openstack.bootServer', {
      targets: CLOUDS, image: 'test-image', flavor: 'm1.tiny', network: 'private', autoIp: true, name, count: 2,
      securityGroups: ['default'], userData: '#cloud-config\nruncmd: [echo hello]\n', review: true,
    });
    await sleep(2500);
    // The review opens on "Boot"; the next row is "Export as Playbook…".
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await waitFor('the exported playbook in an editor', () => !!exported(), () => vscode.window.activeTextEditor?.document.uri.toString(), 15_000);
    const doc = exported()!;
    const text = doc.getText();
    assert.match(doc.uri.path, new RegExp(`/boot-${name}\\.yml$`), 'Save proposes the workspace folder');
    assert.ok(['yaml', 'ansible'].includes(doc.languageId), doc.languageId);
    assert.match(text, /^# Boot of export-\w+, exported by OpenStack Clouds for VS Code for openstack\.cloud 2\.x\./);
    assert.match(text, /^ {4}clouds:\n {6}- local-password\n {6}- local-tasks\n/m, 'the play loops over the chosen clouds');
    assert.match(text, /^ {4}server_count: 2$/m);
    for (const line of [
      '    - name: Servers on each cloud', '      openstack.cloud.server:', '        image: test-image', '        flavor: m1.tiny',
      '        network: private', '        auto_ip: true', '        security_groups:\n          - default', '        delete_ips: true',
      '        userdata: "#cloud-config\\nruncmd: [echo hello]\\n"', '      openstack.cloud.server_info:', "      loop: \"{{ (clouds.split(',') if clouds is string else clouds) | product(range(1, server_count | int + 1)) | list }}\"",
    ]) assert.ok(text.includes(`${line}\n`), `the playbook has ${JSON.stringify(line)}:\n${text}`);
    for (const secret of secrets()) assert.ok(!text.includes(secret), 'no secret of clouds.yaml is written');
    assert.ok(secrets().length >= 2, 'the check knows the test clouds\' secrets');
    await lintCleanAndLive(doc);

    // Back to the review (nothing booted): close it, which ends the wizard quietly.
    await sleep(500);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await wizard, undefined, 'the wizard ended without a boot');
    for (const cloud of CLOUDS) assert.deepEqual(await serversNamed(cloud, name), [], `${cloud}: no server was created`);
  });

  it('user data from a file: the exported playbook reads it from that file when it runs, and does not hold its text', async () => {
    await closeUnsaved();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-user-data-'));
    const file = path.join(dir, 'cloud-init.yaml');
    const secret = crypto.randomBytes(8).toString('hex');
    fs.writeFileSync(file, `#cloud-config\nchpasswd:\n  list: |\n    root:${secret}\n`);
    try {
      const wizard = vscode.commands.executeCommand('openstack.bootServer', {
        targets: CLOUDS, image: 'test-image', flavor: 'm1.tiny', network: 'private', autoIp: true, name: `${name}-ud`, userDataFile: file, review: true,
      });
      await sleep(2500);
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await waitFor('the exported playbook in an editor', () => !!exported(), () => vscode.window.activeTextEditor?.document.uri.toString(), 15_000);
      const text = exported()!.getText();
      assert.ok(!text.includes(secret), `the file's text is not in the playbook:\n${text}`);
      assert.ok(text.includes(`    user_data_file: ${file}\n`), `the play names the file:\n${text}`);
      assert.ok(text.includes(`        userdata: "{{ lookup('ansible.builtin.file', user_data_file, rstrip=false) }}"\n`), text);
      await lintCleanAndLive(exported()!);
      await sleep(500);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(await wizard, undefined, 'the wizard ended without a boot');
      for (const cloud of CLOUDS) assert.deepEqual(await serversNamed(cloud, `${name}-ud`), [], `${cloud}: no server was created`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a server row exports as a boot of a server like it', async () => {
    const cloud = CLOUDS[0]!;
    const single = `${name}-row`;
    type Result = { results: { ok: boolean; error?: string; floatingIp?: string; publicV4?: string }[] };
    const booted = await vscode.commands.executeCommand<Result>('openstack.bootServer', {
      targets: [cloud], image: 'test-image', flavor: 'm1.tiny', network: 'private', autoIp: true, name: single, securityGroups: ['default'],
    });
    assert.equal(booted.results[0]!.ok, true, booted.results[0]!.error);
    let row: unknown;
    await waitFor(`${single} in the tree`, async () => {
      for (const child of await childrenOf(await nodeAt(cloud, 'Servers'))) if ((await labelOf(child)) === single) row = child;
      return row !== undefined;
    }, () => '', 30_000);
    const text = await vscode.commands.executeCommand<string>('openstack.exportServerPlaybook', row);
    const doc = exported();
    assert.ok(doc && doc.getText() === text, 'the playbook is in the active editor');
    assert.match(doc.uri.path, new RegExp(`/boot-${single}\\.yml$`));
    assert.match(text, new RegExp(`^ {4}clouds:\\n {6}- ${cloud}\\n {4}state: present\\n {4}server_name: ${single}\\n`, 'm'));
    assert.ok(booted.results[0]!.floatingIp, 'the server got a floating IP (the export says auto_ip: true from it)');
    for (const line of ['        image: test-image', '        flavor: m1.tiny', '        network: private', '        security_groups:\n          - default', '        auto_ip: true']) {
      assert.ok(text.includes(`${line}\n`), `the playbook has ${JSON.stringify(line)}:\n${text}`);
    }
    for (const secret of secrets()) assert.ok(!text.includes(secret), 'no secret of clouds.yaml is written');
    await lintCleanAndLive(doc);
  });

  it('an image row exports as its upload, the file a marked placeholder; lint-clean', async () => {
    const cloud = CLOUDS[1]!;
    let row: unknown;
    for (const child of await childrenOf(await nodeAt(cloud, 'Images'))) if ((await labelOf(child)) === 'test-image') row = child;
    assert.ok(row, `${cloud} lists test-image`);
    const text = await vscode.commands.executeCommand<string>('openstack.exportImagePlaybook', row);
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc?.uri.scheme === 'untitled' && doc.getText() === text, 'the playbook is in the active editor');
    assert.match(text, /^# image_file: FILL-IN: path of the image file\. The image's file is not known here: set image_file before running\.$/m);
    assert.match(text, new RegExp(`^ {4}clouds:\\n {6}- ${cloud}\\n {4}state: present\\n {4}image_file: "FILL-IN: path of the image file"\\n`, 'm'));
    for (const line of ['      ansible.builtin.assert:', '        name: test-image', '        filename: "{{ image_file }}"']) {
      assert.ok(text.includes(`${line}\n`), `the playbook has ${JSON.stringify(line)}:\n${text}`);
    }
    await lintCleanAndLive(doc, 'disk_format');
  });

  it('writes for openstack.cloud 1.x where the workspace pins it, as the lint then checks it', async () => {
    const requirements = workspaceFile('requirements.yml');
    assert.ok(!fs.existsSync(requirements), 'the test workspace has no requirements.yml of its own');
    fs.writeFileSync(requirements, 'collections:\n  - name: openstack.cloud\n    version: 1.10.0\n');
    try {
      let row: unknown;
      for (const child of await childrenOf(await nodeAt(CLOUDS[1]!, 'Images'))) if ((await labelOf(child)) === 'test-image') row = child;
      const text = await vscode.commands.executeCommand<string>('openstack.exportImagePlaybook', row);
      assert.match(text, /^# Upload of image test-image, exported by OpenStack Clouds for VS Code for openstack\.cloud 1\.x\./);
      assert.doesNotMatch(text, /^ +visibility:/m, '1.x\'s image module has no visibility');
      const doc = vscode.window.activeTextEditor!.document;
      await lintCleanAndLive(doc, 'disk_format');
      // The lint checks this document for 1.x too: 2.x's `visibility` is flagged here.
      const line = doc.getText().split('\n').findIndex((l) => l.trimStart().startsWith('disk_format: '));
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(line, 0), '        visibility: private\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor('the lint to flag visibility for 1.x', () => ours(doc.uri).some((d) => d.code === 'unknown-option' && d.range.start.line === line), () => brief(doc.uri), 15_000);
    } finally {
      fs.rmSync(requirements, { force: true });
    }
  });
});
