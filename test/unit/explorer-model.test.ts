// The explorer's cache without VS Code: lists load a page at a time and only when asked, keep
// their items until reset, turn failures into state; one session per region is asked for once;
// live awareness answers from complete lists only and loads a named cloud at most once, quietly;
// a Servers list with a server still changing is polled until it settles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudRegion } from '../../extension/config/index';
import type { Session } from '../../extension/openstack/session';
import { OpenStackError } from '../../extension/openstack/errors';
import { ResourceList } from '../../extension/ui/explorer/resourceList';
import { ExplorerModel, type SessionSource } from '../../extension/ui/explorer/explorerModel';
import { ExplorerLiveResources } from '../../extension/ui/explorer/liveResources';
import { failureLabel, failureSummary } from '../../extension/ui/explorer/failureText';
import { MAX_SETTLE_POLLS, SETTLE_DELAYS_MS, nextSettleDelay } from '../../extension/ui/explorer/settling';
import { FakeCloud, json } from '../support/fakeCloud';

async function* pagesOf<T>(pages: T[][], log: string[] = []): AsyncGenerator<T[]> {
  for (const [i, page] of pages.entries()) {
    log.push(`page ${i}`);
    yield page;
  }
}

test('ResourceList: the first page once for concurrent callers, then one page per loadMore; a short page is the last', async () => {
  const log: string[] = [];
  let opened = 0;
  const list = new ResourceList<number>(() => { opened++; return pagesOf([[1, 2], [3, 4], [5]], log); }, 2);
  assert.equal(list.loaded, false);
  await Promise.all([list.ensureLoaded(), list.ensureLoaded()]);
  assert.deepEqual([list.items, list.hasMore, list.complete, opened], [[1, 2], true, false, 1]);
  await list.loadMore();
  await list.loadMore();
  assert.deepEqual([list.items, list.hasMore, list.complete], [[1, 2, 3, 4, 5], false, true]);
  assert.deepEqual(log, ['page 0', 'page 1', 'page 2']);
  await list.ensureLoaded();
  assert.equal(log.length, 3, 'cached until reset');
  list.reset();
  assert.deepEqual([list.items, list.loaded], [[], false]);
  assert.deepEqual(await list.loadAll(), [1, 2, 3, 4, 5]);
  assert.equal(opened, 2);
});

test('ResourceList: a failure is state, not an exception; loadMore after it starts again; a reset drops a late answer', async () => {
  let calls = 0;
  const list = new ResourceList<string>(async function* () {
    calls++;
    if (calls === 1) throw new Error('boom');
    yield ['a'];
  }, 10);
  await list.ensureLoaded();
  assert.equal(list.error?.message, 'boom');
  assert.equal(list.hasMore, false);
  await list.loadMore();
  assert.deepEqual([list.error, list.items, list.complete], [undefined, ['a'], true]);

  let release!: () => void;
  const slow = new ResourceList<string>(async function* () {
    await new Promise<void>((r) => (release = r));
    yield ['late'];
  }, 10);
  const first = slow.ensureLoaded();
  slow.reset();
  release();
  await first;
  assert.deepEqual([slow.items, slow.loaded], [[], false]);
});

function region(name: string, regionName = 'RegionOne', missing: string[] = []): CloudRegion {
  return { name, region_name: regionName, config: { auth: {} } as CloudRegion['config'], force_ipv4: false, missing_secrets: missing };
}

class CountingSessions implements SessionSource {
  asked: string[] = [];
  closed: (string | undefined)[] = [];
  constructor(private readonly sessionFor: (r: CloudRegion) => Promise<Session>) {}
  session(r: CloudRegion) {
    this.asked.push(`${r.name}/${r.region_name}`);
    return this.sessionFor(r);
  }
  ready(r: CloudRegion) {
    return r.missing_secrets.length === 0;
  }
  close(cloud?: string) {
    this.closed.push(cloud);
  }
}

test('ResourceList: reload keeps the rows readable until the new first page is here, then swaps it in; a reset meanwhile wins', async () => {
  let round = 0;
  let release: (() => void) | undefined;
  let changes = 0;
  const list = new ResourceList<string>(async function* () {
    const mine = ++round;
    if (mine > 1) await new Promise<void>((r) => (release = r));
    yield mine === 1 ? ['old-a', 'old-b'] : [`new-${mine}`];
  }, 10, () => changes++);
  await list.ensureLoaded();
  const reloading = list.reload();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual([list.items, list.loaded, list.loading], [['old-a', 'old-b'], true, false], 'the old rows, at once, while the new page loads');
  const before = [list.version, changes];
  release!();
  await reloading;
  assert.deepEqual([list.items, list.complete], [['new-2'], true]);
  assert.ok(list.version > before[0] && changes > before[1], 'the swap is a change');

  const again = list.reload();
  await new Promise((r) => setImmediate(r));
  list.reset(); // a refresh of the whole tree meanwhile
  release!();
  await again;
  assert.deepEqual([list.items, list.loaded], [[], false], 'the reset wins over the late page');

  const failing = new ResourceList<string>(async function* () { throw new Error('down'); }, 10);
  await failing.ensureLoaded();
  await failing.reload();
  assert.equal(failing.error?.message, 'down', 'a failed list loads again as after reset');
});

test('ExplorerModel over a fake cloud: lists per region and kind, loaded on demand, reset per cloud', async () => {
  const cloud = await new FakeCloud().start();
  cloud.on('GET', /^\/image\/v2\/images$/, (q, res) => {
    const marker = new URL(q.path, cloud.url).searchParams.get('marker');
    if (!marker) json(res, 200, { images: [{ id: 'i1', name: 'debian', status: 'active' }, { id: 'i2', name: 'ubuntu', status: 'active' }], next: '/v2/images?limit=2&marker=i2' });
    else json(res, 200, { images: [{ id: 'i3', name: 'fedora', status: 'active' }] });
  });
  cloud.on('GET', /^\/compute\/v2\.1\/flavors\/detail$/, (_q, res) => json(res, 503, { message: 'compute is down' }));
  const { Session } = await import('../../extension/openstack/session');
  const sessions = new CountingSessions(async (r) => new Session({ ...cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }, r.name) }));
  const model = new ExplorerModel(sessions, () => 2);
  const r1 = region('fake');
  const images = model.list(r1, 'images');
  assert.equal(model.list(r1, 'images'), images, 'one list per region and kind');
  assert.equal(cloud.requests.length, 0, 'nothing is fetched before a list is shown');
  await images.ensureLoaded();
  assert.deepEqual(images.items.map((i) => i.name), ['debian', 'ubuntu']);
  assert.equal(images.hasMore, true);
  await images.loadMore();
  assert.deepEqual(images.items.map((i) => i.name), ['debian', 'ubuntu', 'fedora']);

  const flavors = model.list(r1, 'flavors');
  await flavors.ensureLoaded();
  assert.ok(flavors.error instanceof OpenStackError);
  assert.equal(failureLabel(flavors.error, 'compute'), 'compute service: HTTP 503 compute is down');
  assert.equal(failureSummary(flavors.error), 'compute request failed: HTTP 503: compute is down');
  assert.match(flavors.error.message, /^fake\/RegionOne: /, 'the full message names the cloud');

  model.resetCloud('fake');
  assert.deepEqual(sessions.closed, ['fake']);
  assert.equal(model.peek('fake', 'RegionOne', 'images'), undefined);
  await cloud.stop();
});

test('live resources: only complete lists answer; a named cloud is loaded once, quietly, and never when it would ask', async () => {
  const cloud = await new FakeCloud().start();
  cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => json(res, 200, { images: [{ id: 'id-9', name: 'debian-12', status: 'active' }] }));
  const { Session } = await import('../../extension/openstack/session');
  const loads: string[] = [];
  const sessions = new CountingSessions(async (r) => new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }, r.name)));
  const model = new ExplorerModel(sessions, () => 100);
  const clouds: Record<string, CloudRegion[]> = { prod: [region('prod'), region('prod', 'RegionTwo')], locked: [region('locked', 'RegionOne', ['password'])] };
  let allowed = true;
  const live = new ExplorerLiveResources(model, { regionsOf: (c) => clouds[c], mayLoad: () => allowed });
  const original = model.loadQuietly.bind(model);
  model.loadQuietly = (r, kinds) => {
    loads.push(`${r.name}/${r.region_name}: ${kinds.join(',')}`);
    return original(r, kinds);
  };
  let notified = 0;
  live.subscribe(() => notified++);

  assert.equal(live.namesOf('prod', 'image'), undefined);
  assert.equal(live.namesOf('prod', 'flavor'), undefined);
  assert.deepEqual(loads, ['prod/RegionOne: images,flavors,networks,keypairs'], 'the first region, once');
  assert.equal(live.namesOf('locked', 'image'), undefined);
  assert.deepEqual(sessions.asked.filter((a) => a.startsWith('locked')), [], 'a cloud that would ask for a password is not loaded');
  allowed = false;
  assert.equal(live.namesOf('other', 'image'), undefined);
  assert.equal(loads.length, 2);

  // What the explorer loaded, complete, answers (names and IDs of every loaded region).
  await model.list(clouds.prod![1]!, 'images').ensureLoaded();
  const generation = live.generation;
  assert.ok(notified > 0);
  assert.deepEqual([...live.namesOf('prod', 'image')!].sort(), ['debian-12', 'id-9']);
  assert.equal(live.generation, generation);
  live.dispose();
  model.resetAll();
  await cloud.stop();
});

test('secret needs: a cloud that fails only for lack of a secret, and where that secret would go', async () => {
  const { buildLoadedConfig, resolveClouds } = await import('../../extension/config/index');
  const { cloudsLackingSecrets, regionNeedingSecret } = await import('../../extension/ui/explorer/secretNeeds');
  const loaded = buildLoadedConfig([{
    kind: 'clouds', path: '/w/clouds.yaml', text: `clouds:
  appcred:
    auth_type: v3applicationcredential
    auth: {auth_url: "https://k.example.com/v3", application_credential_id: app-1}
  broken:
    auth_type: v3applicationcredential
    auth: {application_credential_id: app-2}
  pw:
    auth: {auth_url: "https://k.example.com/v3", username: u, project_id: p, user_domain_id: d}
`,
  }], { cwd: undefined, env: {}, home: '', platform: 'linux' });
  const resolved = resolveClouds(loaded);
  assert.deepEqual(cloudsLackingSecrets(resolved), [{ cloud: 'appcred', keys: ['application_credential_secret'] }], 'broken also lacks auth_url; pw resolves (its password is asked later)');
  const region = regionNeedingSecret(loaded, 'appcred', 'application_credential_secret');
  assert.deepEqual([region?.config.auth.auth_url, region?.config.auth.application_credential_id], ['https://k.example.com/v3', 'app-1']);
});

test('settling: a Servers list with a server that is still changing is loaded again, sooner first, and not for ever', () => {
  const server = (status: string, task: string | null = null) => ({ server: { id: status, name: status, status, 'OS-EXT-STS:task_state': task }, summary: { id: status, name: status, status } });
  const settled = [server('ACTIVE'), server('SHUTOFF'), server('ERROR')];
  assert.equal(nextSettleDelay('servers', settled, 0), undefined);
  assert.equal(nextSettleDelay('servers', [], 0), undefined);
  for (const changing of [server('BUILD'), server('build'), server('REBOOT'), server('HARD_REBOOT'), server('RESIZE'), server('ACTIVE', 'deleting'), server('SHUTOFF', 'powering-on')]) {
    assert.equal(nextSettleDelay('servers', [...settled, changing], 0), SETTLE_DELAYS_MS[0], `${changing.server.status}/${changing.server['OS-EXT-STS:task_state']}`);
  }
  const building = [server('BUILD')];
  const delays = Array.from({ length: MAX_SETTLE_POLLS + 1 }, (_, polls) => nextSettleDelay('servers', building, polls));
  assert.deepEqual(delays.slice(0, SETTLE_DELAYS_MS.length + 1), [...SETTLE_DELAYS_MS, SETTLE_DELAYS_MS.at(-1)]);
  assert.ok(delays.slice(0, MAX_SETTLE_POLLS).every((d) => d !== undefined && d >= 2000 && d <= 15000));
  assert.equal(delays[MAX_SETTLE_POLLS], undefined, 'a server stuck in BUILD is not polled for ever');
  assert.ok(delays.slice(0, MAX_SETTLE_POLLS).reduce<number>((total, d) => total + (d ?? 0), 0) <= 15 * 60_000);
  // Flavors, networks and key pairs have no state of their own to wait for.
  assert.equal(nextSettleDelay('flavors', [{ id: 'f', name: 'f', vcpus: 1, ram: 1, disk: 1, status: 'BUILD' }] as never, 0), undefined);
});

test('settling: Images while one is queued, saving, importing or uploading; Floating IPs while one is attached and DOWN or detached and ACTIVE', () => {
  const image = (status: string) => ({ id: status, name: status, status });
  const settledImages = ['active', 'killed', 'deleted', 'deactivated', 'pending_delete'].map(image);
  assert.equal(nextSettleDelay('images', settledImages, 0), undefined);
  for (const status of ['queued', 'saving', 'importing', 'uploading', 'SAVING']) assert.equal(nextSettleDelay('images', [...settledImages, image(status)], 0), SETTLE_DELAYS_MS[0], status);
  assert.equal(nextSettleDelay('images', [image('queued')], MAX_SETTLE_POLLS), undefined, 'an image stuck in queued is not polled for ever');
  const ip = (port_id: string | null, status?: string) => ({ id: 'f', floating_ip_address: '203.0.113.5', floating_network_id: 'n', port_id, status });
  const settledIps = [ip('p', 'ACTIVE'), ip(null, 'DOWN'), ip('p', 'ERROR'), ip(null, 'ERROR'), ip(null)];
  assert.equal(nextSettleDelay('floatingips', settledIps, 0), undefined);
  assert.equal(nextSettleDelay('floatingips', [...settledIps, ip('p', 'DOWN')], 0), SETTLE_DELAYS_MS[0], 'attaching');
  assert.equal(nextSettleDelay('floatingips', [...settledIps, ip(null, 'active')], 3), SETTLE_DELAYS_MS[3], 'detaching');
});
