// Boot with a count from the command's arguments, against the real local OpenStack: two servers
// NAME-1 and NAME-2 on one cloud through the fleet core (its quota check first), both ACTIVE and
// tagged with the fleet's name, with the security groups and user data given. Only these two
// servers are deleted afterwards.
import * as assert from 'node:assert/strict';
import crypto from 'node:crypto';
import * as vscode from 'vscode';
import { testCloud, TEST_CLOUDS } from '../../support/testCloud';
import { session } from '../../support/cloudSessions';
import { deleteServerAndIps } from '../../../extension/openstack/compute/deleteServer';
import { FLEET_KEY } from '../../../extension/openstack/compute/bootFleet';
import { listServers } from '../../../extension/openstack/services/compute';
import { collect } from '../../../extension/openstack/services/paging';
import { api, waitForRoots } from './helpers';

const CLOUD = 'local-password';

describe('boot with a count from the command arguments', function () {
  this.timeout(240_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  const name = `bootcount-${crypto.randomBytes(3).toString('hex')}`;
  const mine = async () => {
    const s = await session(CLOUD);
    try {
      return (await collect(listServers(s, { name: `^${name}-\\d+$` }))).filter((v) => v.name.startsWith(`${name}-`));
    } finally {
      await s.close();
    }
  };

  before(async () => {
    await api();
    await settings().update('cloudsFile', testCloud().cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots([...TEST_CLOUDS], 15_000);
  });

  after(async () => {
    const s = await session(CLOUD);
    try {
      for (const server of await collect(listServers(s, { name: `^${name}-\\d+$` }))) {
        if (server.name.startsWith(`${name}-`)) await deleteServerAndIps(s, server.id, AbortSignal.timeout(60_000)).catch(() => undefined);
      }
    } finally {
      await s.close();
    }
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
  });

  it('boots NAME-1 and NAME-2, both ACTIVE and tagged with the fleet', async () => {
    type Result = { results: { target: string; ok: boolean; error?: string; servers?: { name: string; ok: boolean; status?: string }[] }[] };
    const result = await vscode.commands.executeCommand<Result>('openstack.bootServer', {
      targets: [CLOUD], image: 'test-image', flavor: 'm1.tiny', autoIp: false, name, count: 2,
      securityGroups: ['default'], userData: '#cloud-config\n',
    });
    assert.deepEqual(result.results.map((r) => [r.target, r.ok, r.error]), [[`${CLOUD}/RegionOne`, true, undefined]]);
    assert.deepEqual(result.results[0]!.servers!.map((v) => [v.name, v.ok, v.status]), [[`${name}-1`, true, 'ACTIVE'], [`${name}-2`, true, 'ACTIVE']]);
    const servers = await mine();
    assert.deepEqual(servers.map((v) => v.name).sort(), [`${name}-1`, `${name}-2`]);
    for (const v of servers) {
      assert.equal(v.status, 'ACTIVE', v.name);
      assert.equal(v.metadata?.[FLEET_KEY], name, `${v.name} carries the fleet's name`);
    }
  });

  it('refuses a count the quota cannot hold, naming the numbers, before creating anything', async () => {
    type Result = { results: { ok: boolean; error?: string }[] };
    const result = await vscode.commands.executeCommand<Result>('openstack.bootServer', {
      targets: [CLOUD], image: 'test-image', flavor: 'm1.tiny', autoIp: false, name: `${name}q`, count: 100,
    });
    assert.equal(result.results[0]!.ok, false);
    assert.match(result.results[0]!.error!, /100 servers need 100 instances, \d+ left/);
    const s = await session(CLOUD);
    try {
      assert.deepEqual(await collect(listServers(s, { name: `^${name}q-` })), [], 'nothing was created');
    } finally {
      await s.close();
    }
  });
});
