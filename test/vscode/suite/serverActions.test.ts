// Server and image actions of the Clouds view against the real local OpenStack (nova's fake
// driver powers servers off and on): stop → SHUTOFF, start → ACTIVE, reboot → ACTIVE through the
// commands, the rows' menus following the status; a rebuild; the details documents; a console log that is
// read again while its tab is open and no longer once it is closed; one confirmation listing the
// servers selected on two clouds. Only the servers of this run (a unique prefix) are deleted.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { session } from '../../support/cloudSessions';
import { bootServer } from '../../../extension/openstack/compute/bootServer';
import { deleteServerAndIps } from '../../../extension/openstack/compute/deleteServer';
import { listServers, showServer } from '../../../extension/openstack/services/compute';
import { collect } from '../../../extension/openstack/services/paging';
import { parseYaml, toPlain } from '../../../extension/yaml/positionedYaml';
import { api, childrenOf, labelOf, nodeAt, treeItemOf, waitFor, waitForRoots } from './helpers';

const CLOUDS = ['local-password', 'local-tasks'];

async function rowNamed(folder: unknown, name: string): Promise<unknown | undefined> {
  for (const child of await childrenOf(folder)) if ((await labelOf(child)) === name) return child;
  return undefined;
}

/** The row of `name` in the cloud's Servers, as the view shows it now (the list loaded afresh). */
async function serverRow(cloud: string, name: string): Promise<unknown> {
  const folder = await nodeAt(cloud, 'Servers');
  await vscode.commands.executeCommand('openstack.refreshList', folder);
  const row = await rowNamed(folder, name);
  assert.ok(row, `${cloud} lists ${name}`);
  return row;
}

interface PowerOutcome { target: string; name: string; id: string; status?: string; error?: string }

describe('server actions: power, details, console log that follows, one confirmation for several clouds', function () {
  this.timeout(300_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  const prefix = `vs-sa-${crypto.randomBytes(3).toString('hex')}`;
  const names = CLOUDS.map((_, i) => `${prefix}-${i + 1}`);

  before(async () => {
    await api();
    await settings().update('cloudsFile', testCloud().cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([...TEST_CLOUDS], 15_000);
    await Promise.all(CLOUDS.map(async (cloud, i) => {
      const s = await session(cloud);
      try {
        const booted = await bootServer(s, { name: names[i]!, image: 'test-image', flavor: { nameOrId: 'm1.tiny' }, autoIp: false });
        assert.equal(booted.status, 'ACTIVE');
      } finally {
        await s.close();
      }
    }));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const cloud of CLOUDS) {
      const s = await session(cloud);
      for (const server of await collect(listServers(s, { name: `^${prefix}-` }))) {
        if (server.name.startsWith(`${prefix}-`)) await deleteServerAndIps(s, server.id, AbortSignal.timeout(60_000)).catch(() => undefined);
      }
      await s.close();
    }
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
  });

  it('stops, starts and reboots a server through the commands; the row\'s menus follow its status', async () => {
    const [cloud, name] = [CLOUDS[0]!, names[0]!];
    let row = await serverRow(cloud, name);
    assert.equal((await treeItemOf(row)).contextValue, 'server.active', 'an ACTIVE server without a public address');

    const stopped = await vscode.commands.executeCommand<PowerOutcome[]>('openstack.stopServer', row, { confirmed: true });
    assert.deepEqual(stopped.map((o) => [o.target, o.name, o.status, o.error]), [[`${cloud}/RegionOne`, name, 'SHUTOFF', undefined]]);
    row = await serverRow(cloud, name);
    assert.equal((await treeItemOf(row)).contextValue, 'server.shutoff', 'Start is offered, Stop and Reboot are not');
    assert.match(String((await treeItemOf(row)).description), /^SHUTOFF/);

    // A reboot of a stopped server is not sent to be refused: nothing happens but a warning.
    assert.deepEqual(await vscode.commands.executeCommand('openstack.rebootServer', row, { confirmed: true }), []);

    const started = await vscode.commands.executeCommand<PowerOutcome[]>('openstack.startServer', row);
    assert.deepEqual(started.map((o) => [o.status, o.error]), [['ACTIVE', undefined]], 'one Start needs no confirmation');
    row = await serverRow(cloud, name);
    assert.equal((await treeItemOf(row)).contextValue, 'server.active');

    const rebooted = await vscode.commands.executeCommand<PowerOutcome[]>('openstack.rebootServer', row);
    assert.deepEqual(rebooted.map((o) => [o.status, o.error]), [['ACTIVE', undefined]]);
    const hard = await vscode.commands.executeCommand<PowerOutcome[]>('openstack.hardRebootServer', row, { confirmed: true });
    assert.deepEqual(hard.map((o) => [o.status, o.error]), [['ACTIVE', undefined]]);
    const s = await session(cloud);
    try {
      const now = await showServer(s, stopped[0]!.id);
      assert.equal(now?.status, 'ACTIVE');
      assert.equal(now?.['OS-EXT-STS:task_state'] ?? null, null);
    } finally {
      await s.close();
    }
  });

  it('shows a server\'s and an image\'s details as read-only YAML', async () => {
    const [cloud, name] = [CLOUDS[0]!, names[0]!];
    const text = await vscode.commands.executeCommand<string>('openstack.showServerDetails', await serverRow(cloud, name));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'openstack-results');
    assert.equal(editor?.document.languageId, 'yaml');
    assert.equal(editor?.document.getText(), text);
    const details = toPlain(parseYaml(text).documents[0]?.root) as Record<string, any>;
    assert.equal(details.name, name);
    assert.equal(details.status, 'ACTIVE');
    assert.equal(details.flavor.name, 'm1.tiny');
    assert.equal(details.image.name, 'test-image');
    assert.ok(Object.values(details.addresses as Record<string, string[]>).flat().some((a) => /^\d+\.\d+\.\d+\.\d+ \(IPv4/.test(a)), JSON.stringify(details.addresses));
    assert.deepEqual(details.security_groups, ['default']);
    assert.match(details.created, /^\d{4}-\d\d-\d\dT/);
    assert.match(text, new RegExp(`^# Server details on ${cloud}/RegionOne, read-only`));

    const image = await rowNamed(await nodeAt(cloud, 'Images'), 'test-image');
    assert.ok(image, 'the seeded image is listed');
    const imageText = await vscode.commands.executeCommand<string>('openstack.showImageDetails', image);
    const imageDetails = toPlain(parseYaml(imageText).documents[0]?.root) as Record<string, any>;
    assert.equal(imageDetails.name, 'test-image');
    assert.equal(imageDetails.status, 'active');
    assert.ok(imageDetails.visibility);
    assert.match(String(imageDetails.size), /^\d+ \(/);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), imageText);
  });

  it('follows the console log while its tab is open, and stops once it is closed', async () => {
    const row = await serverRow(CLOUDS[0]!, names[0]!);
    const follow = await vscode.commands.executeCommand<{ uri: string; reads: number; stopped: Promise<string> }>('openstack.followConsoleLog', row, { intervalMs: 300 });
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), follow.uri);
    assert.match(vscode.window.activeTextEditor!.document.getText(), /--- following: read again every 0.3 s while this tab is open\n$/);
    await waitFor('three reads of the console log', () => follow.reads >= 3, () => follow.reads, 20_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(await follow.stopped, 'closed');
    const reads = follow.reads;
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(follow.reads, reads, 'no read after the tab closed');
  });

  it('rebuilds a server from an image of its cloud and waits until it has settled', async () => {
    const row = await serverRow(CLOUDS[0]!, names[0]!);
    const rebuilt = await vscode.commands.executeCommand<{ status: string; image: string }>('openstack.rebuildServer', row, { image: 'test-image', confirmed: true });
    assert.equal(rebuilt.status, 'ACTIVE');
    const s = await session(CLOUDS[0]!);
    try {
      const [server] = await collect(listServers(s, { name: `^${names[0]}$` }));
      assert.equal(server?.status, 'ACTIVE');
      assert.equal(typeof server?.image === 'object' ? server.image?.id : undefined, rebuilt.image);
      assert.equal(server?.['OS-EXT-STS:task_state'] ?? null, null);
    } finally {
      await s.close();
    }
    assert.equal((await treeItemOf(await serverRow(CLOUDS[0]!, names[0]!))).contextValue, 'server.active');
  });

  it('asks once, listing the servers selected on both clouds, and stops both', async () => {
    const rows = await Promise.all(CLOUDS.map((cloud, i) => serverRow(cloud, names[i]!)));
    const asked: { message: string; detail?: string }[] = [];
    const window = vscode.window as { showWarningMessage: (...args: unknown[]) => Thenable<unknown> };
    const original = window.showWarningMessage;
    // The modal is answered here: Cancel first (nothing happens), then Stop.
    let answer: string | undefined;
    window.showWarningMessage = async (message: unknown, options: unknown) => {
      asked.push({ message: String(message), detail: (options as { detail?: string })?.detail });
      return answer;
    };
    try {
      assert.equal(await vscode.commands.executeCommand('openstack.stopServer', rows[1], rows), undefined, 'cancelled: nothing done');
      answer = 'Stop';
      const stopped = await vscode.commands.executeCommand<PowerOutcome[]>('openstack.stopServer', rows[1], rows);
      assert.deepEqual(stopped.map((o) => [o.target, o.name, o.status]), CLOUDS.map((c, i) => [`${c}/RegionOne`, names[i], 'SHUTOFF']));
    } finally {
      window.showWarningMessage = original;
    }
    assert.equal(asked.length, 2, 'one confirmation for both servers, each time');
    assert.equal(asked[0]!.message, 'Stop 2 servers?');
    for (const [i, cloud] of CLOUDS.entries()) assert.match(asked[0]!.detail ?? '', new RegExp(`"${names[i]}" on ${cloud}/RegionOne \\(ID `));
    for (const [i, cloud] of CLOUDS.entries()) assert.equal((await treeItemOf(await serverRow(cloud, names[i]!))).contextValue, 'server.shutoff');
  });
});
