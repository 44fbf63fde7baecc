// The explorer and its actions in the real extension host, against the real local OpenStack
// (test/cloud/): the tree lists what the clouds have, an unreachable cloud is an error row that
// blocks nobody, and upload, boot (with a public IP), copy, SSH, console log and delete work
// through the commands, with the tree following (a building server by itself, until ACTIVE).
// The clouds.yaml is the test cloud's, plus a cloud on a closed loopback port; the workspace's
// own clouds.yaml is restored afterwards.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { session } from '../../support/cloudSessions';
import { bootServer } from '../../../extension/openstack/compute/bootServer';
import { deleteServerAndIps } from '../../../extension/openstack/compute/deleteServer';
import { listServers } from '../../../extension/openstack/services/compute';
import { collect } from '../../../extension/openstack/services/paging';
import { api, childrenOf, labelOf, nodeAt, treeItemOf, waitFor, waitForRoots, workspaceFile } from './helpers';

const UNREACHABLE = 'local-unreachable';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function labels(node: unknown): Promise<string[]> {
  return Promise.all((await childrenOf(node)).map(labelOf));
}

/** Labels of the rows that are not configuration problems (local-appcred has a warning row). */
async function contentLabels(node: unknown): Promise<string[]> {
  const rows = [];
  for (const child of await childrenOf(node)) if ((await treeItemOf(child)).contextValue !== 'problem') rows.push(await labelOf(child));
  return rows;
}

/** The row of `name` in a list folder, after the folder loaded again. */
async function rowNamed(folder: unknown, name: string): Promise<unknown | undefined> {
  for (const child of await childrenOf(folder)) if ((await labelOf(child)) === name) return child;
  return undefined;
}

const unique = (what: string) => `vs-${what}-${crypto.randomBytes(3).toString('hex')}`;

describe('explorer and actions on the local OpenStack', function () {
  this.timeout(120_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  let dir = '';

  before(async () => {
    await api();
    const cloud = testCloud(); // fails loudly when the test cloud is not up
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-explorer-'));
    const file = path.join(dir, 'clouds.yaml');
    fs.writeFileSync(file, `${fs.readFileSync(cloud.cloudsYaml, 'utf8')}\n  ${UNREACHABLE}:\n    auth:\n      auth_url: http://127.0.0.1:${await closedPort()}/v3\n      username: nobody\n      password: not-a-secret\n      project_name: none\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n`);
    await settings().update('cloudsFile', file, vscode.ConfigurationTarget.Workspace);
    await settings().update('ssh.path', '/bin/echo', vscode.ConfigurationTarget.Workspace); // no traffic off loopback
    await waitForRoots([...TEST_CLOUDS, UNREACHABLE], 15_000);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('ssh.path', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('expands cloud → region → Images to the seeded test-image, and a one-region cloud straight to its lists', async () => {
    assert.deepEqual(await contentLabels(await nodeAt('local-appcred')), ['RegionOne', 'RegionTwo']);
    assert.deepEqual(await labels(await nodeAt('local-appcred', 'RegionTwo')), ['Images', 'Servers', 'Flavors', 'Networks', 'Key Pairs', 'Floating IPs']);
    const images = await nodeAt('local-appcred', 'RegionTwo', 'Images');
    const image = await rowNamed(images, 'test-image');
    assert.ok(image, `Images of local-appcred/RegionTwo: ${JSON.stringify(await labels(images))}`);
    const item = await treeItemOf(image);
    assert.equal(item.contextValue, 'image.active');
    assert.match(String(item.description), /^qcow2 · /);
    assert.ok((await labels(await nodeAt('local-password', 'Flavors'))).includes('m1.tiny'));
    assert.deepEqual((await labels(await nodeAt('local-password', 'Networks'))).sort(), ['private', 'public']);
  });

  it('pages a long list: the first page, then "Load more…" until the list is whole', async () => {
    await settings().update('explorer.pageSize', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('openstack.refreshCloud', await nodeAt('local-tasks')); // lists made from now on page by 1
      const networks = await nodeAt('local-tasks', 'Networks');
      const first = await labels(networks);
      assert.equal(first.length, 2, `one network and Load more…: ${JSON.stringify(first)}`);
      assert.equal(first[1], 'Load more…');
      assert.equal((await treeItemOf((await childrenOf(networks))[1])).command?.command, 'openstack.loadMore');
      let shown = first;
      for (let pages = 1; shown.includes('Load more…') && pages < 5; pages++) {
        await vscode.commands.executeCommand('openstack.loadMore', networks);
        shown = await labels(networks);
      }
      assert.deepEqual(shown.sort(), ['private', 'public']);
    } finally {
      await settings().update('explorer.pageSize', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('openstack.refreshCloud', await nodeAt('local-tasks'));
    }
  });

  it('shows an unreachable cloud as an error row with Retry, Show Log and Open in clouds.yaml, while the other clouds load', async () => {
    const [broken, working] = await Promise.all([
      nodeAt(UNREACHABLE, 'Images').then(childrenOf),
      nodeAt('local-tasks', 'Images').then(labels),
    ]);
    assert.ok(working.includes('test-image'), `local-tasks Images: ${JSON.stringify(working)}`);
    assert.equal(broken.length, 1);
    const error = await treeItemOf(broken[0]);
    assert.equal(error.contextValue, 'error');
    // The row says what it means and what to do; the server's own words are in the tooltip.
    assert.equal(String(error.label), 'Cannot reach the identity service: check auth_url, the network and the proxy');
    assert.equal(error.description, `${UNREACHABLE}/RegionOne`);
    assert.match(String(error.tooltip), /cannot reach identity \(identity POST http:\/\/127\.0\.0\.1:\d+\/v3\/auth\/tokens\): ECONNREFUSED/);
    assert.doesNotMatch(String(error.tooltip), /not-a-secret/);
    const actions = await Promise.all((await childrenOf(broken[0])).map(treeItemOf));
    assert.deepEqual(actions.map((a) => [a.label, a.command?.command]), [
      ['Retry', 'openstack.retry'], ['Show Log', 'openstack.showLog'], ['Open in clouds.yaml', 'openstack.openInCloudsFile'],
    ]);
    // The cloud's row says that lists failed, without expanding it.
    const cloudRow = async () => String((await treeItemOf(await nodeAt(UNREACHABLE))).description ?? '');
    await waitFor('the cloud row counts its failed lists', async () => /\b\d+ lists? failed\b/.test(await cloudRow()), cloudRow);
    // Open in clouds.yaml selects the key most likely at fault: auth_url for an unreachable identity service.
    const open = actions[2].command!;
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor opened');
    assert.equal(editor.document.getText(editor.selection), 'auth_url');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('uploads an image file to two clouds through the command (active on both), then deletes it', async () => {
    const name = unique('image');
    const file = path.join(dir, `${name}.qcow2`);
    fs.copyFileSync(testCloud().imageFiles.qcow2, file);
    const result = await vscode.commands.executeCommand<{ results: { target: string; ok: boolean; status?: string; imageId?: string; error?: string }[] }>(
      'openstack.uploadImage', vscode.Uri.file(file), { targets: ['local-password', 'local-appcred/RegionTwo'], name });
    assert.deepEqual(result.results.map((r) => [r.target, r.ok, r.status ?? r.error]), [['local-password/RegionOne', true, 'active'], ['local-appcred/RegionTwo', true, 'active']]);
    // The Results view has the upload, its two clouds side by side, as what the command returned.
    const cards = await vscode.commands.executeCommand<{ title: string; summary?: string; rows: { target: string; state: string; text: string; cells: { label: string; value: string }[] }[] }[]>('openstack.showResults');
    const card = cards.find((c) => c.title === `Upload of ${name}`);
    assert.ok(card, `the Results view lists the upload: ${JSON.stringify(cards.map((c) => c.title))}`);
    assert.equal(card.summary, `Upload of ${name}: 2 of 2 clouds: image active`);
    assert.deepEqual(card.rows.map((r) => [r.target, r.state, r.text, r.cells.find((c) => c.label === 'Image ID')?.value]),
      result.results.map((r) => [r.target, 'ok', 'image active', r.imageId]));
    for (const where of [['local-password', 'Images'], ['local-appcred', 'RegionTwo', 'Images']]) {
      const folder = await nodeAt(...where);
      const row = await rowNamed(folder, name);
      assert.ok(row, `${where.join(' › ')} lists the new image after the upload`);
      await vscode.commands.executeCommand('openstack.deleteImage', row, { confirmed: true });
      assert.equal(await rowNamed(folder, name), undefined, `${where.join(' › ')} no longer lists it`);
    }
  });

  it('boots a server with auto IP on local-password (public 203.0.113.x), copies its IP, SSH, console log, then deletes it', async () => {
    const name = unique('server');
    const result = await vscode.commands.executeCommand<{ results: { ok: boolean; id?: string; publicV4?: string; floatingIp?: string; error?: string }[] }>(
      'openstack.bootServer', { targets: ['local-password'], image: 'test-image', flavor: 'm1.tiny', autoIp: true, name });
    const [booted] = result.results;
    assert.ok(booted?.ok, booted?.error);
    assert.match(booted.publicV4 ?? '', /^203\.0\.113\.\d+$/);
    assert.equal(booted.floatingIp, booted.publicV4);

    const servers = await nodeAt('local-password', 'Servers');
    const row = await rowNamed(servers, name);
    assert.ok(row, 'the Servers list shows the new server');
    const item = await treeItemOf(row);
    assert.equal(item.contextValue, 'server.reachable.active');
    assert.equal(item.description, `ACTIVE · ${booted.publicV4}`);

    assert.equal(await vscode.commands.executeCommand('openstack.copyIp', row), booted.publicV4);
    assert.equal(await vscode.env.clipboard.readText(), booted.publicV4);
    assert.equal(await vscode.commands.executeCommand('openstack.copyId', row), booted.id);

    const ssh = await vscode.commands.executeCommand<{ user: string; address: string; terminal: string }>('openstack.ssh', row, { user: 'cirros' });
    assert.deepEqual(ssh, { user: 'cirros', address: booted.publicV4, terminal: `SSH ${name}` });
    const terminal = vscode.window.terminals.find((t) => t.name === `SSH ${name}`);
    assert.deepEqual((terminal?.creationOptions as vscode.TerminalOptions | undefined)?.shellArgs, ['-o', 'ConnectTimeout=10', `cirros@${booted.publicV4}`]);
    terminal?.dispose();

    const consoleText = await vscode.commands.executeCommand<string>('openstack.showConsoleLog', row);
    assert.equal(typeof consoleText, 'string');
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'openstack-results');

    const deleted = await vscode.commands.executeCommand<{ existed: boolean; releasedFloatingIps: string[] }>('openstack.deleteServer', row, { confirmed: true });
    assert.deepEqual(deleted.releasedFloatingIps, [booted.publicV4]);
    assert.equal(await rowNamed(servers, name), undefined, 'the Servers list no longer shows it');
    assert.ok(!(await labels(await nodeAt('local-password', 'Floating IPs'))).includes(booted.publicV4!), 'the floating IP we created is released');
  });

  it('follows a server from BUILD to ACTIVE by itself, without a refresh', async () => {
    const name = unique('settling');
    const servers = await nodeAt('local-password', 'Servers');
    const s = await session('local-password');
    let building: Promise<unknown> | undefined;
    try {
      // The list is loaded again once the server exists (as the boot command does), while it builds.
      const booted = bootServer(s, {
        name, image: 'test-image', flavor: { nameOrId: 'm1.tiny' }, autoIp: false,
        onProgress: (_target, step) => { if (step === 'waiting for ACTIVE') building = Promise.resolve(vscode.commands.executeCommand('openstack.refreshList', servers)).then(() => rowNamed(servers, name)); },
      });
      const active = await booted;
      const seen = await treeItemOf(await building);
      assert.match(String(seen.description), /^BUILD/, 'the list was loaded while the server was building');
      assert.equal(active.status, 'ACTIVE');
      // No refresh from here on: the folder loads itself again until the server has settled.
      let description = '';
      await waitFor('the row to say ACTIVE', async () => {
        description = String((await treeItemOf(await rowNamed(servers, name))).description);
        return description.startsWith('ACTIVE');
      }, () => description, 20_000);
    } finally {
      for (const server of await collect(listServers(s, { name: `^${name}$` }))) await deleteServerAndIps(s, server.id, AbortSignal.timeout(60_000));
      await s.close();
    }
  });

  it('flags a misspelt seeded image in a playbook against the cloud\'s real images (loaded once, in the background)', async () => {
    await vscode.commands.executeCommand('openstack.refresh'); // forget every list: the playbook must cause the load
    const file = workspaceFile('live', 'boot.yml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, [
      '- hosts: localhost',
      '  tasks:',
      '    - name: Boot',
      '      openstack.cloud.server:',
      '        cloud: local-password',
      '        name: web',
      '        image: test-imgae',
      '        flavor: m1.tiny',
      '',
    ].join('\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const live = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'openstack' && d.code === 'unknown-resource');
      await waitFor('the live image warning', () => live().length === 1, () => vscode.languages.getDiagnostics(doc.uri).map((d) => d.message), 20_000);
      const [warning] = live();
      assert.equal(doc.getText(warning!.range), 'test-imgae');
      assert.match(warning!.message, /^image 'test-imgae' is not on cloud 'local-password' \(as last loaded in the explorer\) and this playbook does not create it; did you mean 'test-image'\?$/);
      assert.equal(warning!.severity, vscode.DiagnosticSeverity.Warning);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});
