// Booting with a way in, and deleting what was booted on several clouds at once, against the real
// local OpenStack: the boot command imports a public key file as a key pair (named after the
// file) on each chosen cloud that lacks it and boots with it; then one delete of both servers
// (the rows selected together) removes them from both clouds. Key pairs and servers are removed.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { session } from '../../support/cloudSessions';
import { ed25519PublicKeyLine } from '../../support/sshKeys';
import { deleteServerAndIps } from '../../../extension/openstack/compute/deleteServer';
import { deleteKeypair, listKeypairs, listServers } from '../../../extension/openstack/services/compute';
import { collect } from '../../../extension/openstack/services/paging';
import { api, childrenOf, labelOf, nodeAt, waitForRoots } from './helpers';

const CLOUDS = ['local-password', 'local-tasks'];

async function rowNamed(folder: unknown, name: string): Promise<unknown | undefined> {
  for (const child of await childrenOf(folder)) if ((await labelOf(child)) === name) return child;
  return undefined;
}

describe('boot with an imported key pair, and one delete for several clouds', function () {
  this.timeout(180_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  const name = `frictions-${crypto.randomBytes(3).toString('hex')}`;
  let dir = '';

  before(async () => {
    await api();
    await settings().update('cloudsFile', testCloud().cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([...TEST_CLOUDS], 15_000);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-keys-'));
  });

  after(async () => {
    for (const cloud of CLOUDS) {
      const s = await session(cloud);
      for (const server of await collect(listServers(s, { name: `^${name}$` }))) await deleteServerAndIps(s, server.id, AbortSignal.timeout(60_000)).catch(() => undefined);
      await deleteKeypair(s, name).catch(() => undefined);
      await s.close();
    }
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the public key file as key pair "<file name>" on each cloud and boots with it', async () => {
    const keyFile = path.join(dir, `${name}.pub`);
    const key = ed25519PublicKeyLine('me@laptop');
    fs.writeFileSync(keyFile, `${key}\n`);
    const result = await vscode.commands.executeCommand<{ results: { target: string; ok: boolean; keyName?: string; id?: string; error?: string }[] }>(
      'openstack.bootServer', { targets: CLOUDS, image: 'test-image', flavor: 'm1.tiny', autoIp: false, publicKeyFile: keyFile, name });
    assert.deepEqual(result.results.map((r) => [r.target, r.ok, r.keyName ?? r.error]), CLOUDS.map((c) => [`${c}/RegionOne`, true, name]));
    for (const cloud of CLOUDS) {
      const s = await session(cloud);
      try {
        const pair = (await listKeypairs(s)).find((k) => k.name === name);
        assert.equal(pair?.public_key?.split(' ')[1], key.split(' ')[1], `${cloud} has the key pair`);
        const [server] = await collect(listServers(s, { name: `^${name}$` }));
        assert.equal(server?.key_name, name, `${cloud}: the server was booted with it`);
      } finally {
        await s.close();
      }
    }
  });

  it('deletes the selected servers of both clouds with one command (one confirmation)', async () => {
    const rows = await Promise.all(CLOUDS.map(async (cloud) => {
      const row = await rowNamed(await nodeAt(cloud, 'Servers'), name);
      assert.ok(row, `${cloud} lists ${name}`);
      return row;
    }));
    // As VS Code calls a context menu command on a multi-selection: the clicked row, then all selected.
    const deleted = await vscode.commands.executeCommand<{ existed: boolean }[]>('openstack.deleteServer', rows[1], rows, { confirmed: true });
    assert.deepEqual(deleted.map((d) => d.existed), [true, true]);
    for (const cloud of CLOUDS) assert.equal(await rowNamed(await nodeAt(cloud, 'Servers'), name), undefined, `${cloud} no longer lists it`);
  });
});
