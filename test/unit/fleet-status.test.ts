// The fleet's one status poller on a loopback nova: one `GET /servers/detail?name=^web-[0-9]+$`
// per round answers every waiting member; a member in ERROR fails with nova's fault while the
// others go on; a member missing from the listing is asked by GET (a 404 is ignored until its deadline);
// each member has its own deadline; cancelling stops the polling, mid-request too; a listing that
// fails leaves the members to a GET each that round.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeCloud, json } from '../support/fakeCloud';
import { Session } from '../../extension/openstack/session';
import { FleetStatus, fleetNameFilter } from '../../extension/openstack/compute/fleetStatus';
import { isAbortError } from '../../extension/openstack/errors';

interface Script {
  /** The listing round (1-based) from which it is ACTIVE; 0: never. */
  activeAt?: number;
  /** ERROR with this fault from the first round. */
  fault?: string;
  /** Not in any listing (a listing lagging behind); what a GET says: the server, or 404 when gone. */
  unlisted?: 'shown-active' | 'gone';
}

const clouds: FakeCloud[] = [];
after(() => Promise.all(clouds.map((c) => c.stop())));

/** Nova with servers web-1..N following their scripts, counting listings and GETs per id. */
async function fakeNova(scripts: Script[], onListing?: (round: number) => void, listing = true) {
  const cloud = await new FakeCloud().start();
  clouds.push(cloud);
  const counts = { listings: 0, gets: new Map<string, number>(), filters: new Set<string | null>() };
  const ids = scripts.map((_, i) => `srv-${i + 1}`);
  const render = (i: number, round: number) => {
    const s = scripts[i]!;
    const status = s.fault ? 'ERROR' : s.unlisted === 'shown-active' || (s.activeAt && round >= s.activeAt) ? 'ACTIVE' : 'BUILD';
    return {
      id: ids[i], name: `web-${i + 1}`, status,
      addresses: status === 'ACTIVE' ? { private: [{ addr: `10.0.0.${i + 1}`, version: 4, 'OS-EXT-IPS:type': 'fixed' }] } : {},
      ...(s.fault ? { fault: { code: 500, message: s.fault } } : {}),
    };
  };
  // Routes added later are tried first: the listing must come after GET /servers/{id}.
  cloud.on('GET', /^\/compute\/v2.1\/servers\/[^/]+$/, (q, res) => {
    const id = q.path.split('/').pop()!;
    counts.gets.set(id, (counts.gets.get(id) ?? 0) + 1);
    const i = ids.indexOf(id);
    if (i < 0 || scripts[i]!.unlisted === 'gone') return json(res, 404, { itemNotFound: { code: 404, message: 'Instance could not be found.' } });
    json(res, 200, { server: render(i, counts.listings) });
  });
  cloud.on('GET', /^\/compute\/v2.1\/servers\/detail$/, (q, res) => {
    const round = ++counts.listings;
    const name = new URL(q.path, 'http://x').searchParams.get('name');
    counts.filters.add(name);
    onListing?.(round);
    if (!listing) return json(res, 400, { badRequest: { code: 400, message: 'Invalid input for query parameters name.' } });
    const listed = scripts.flatMap((s, i) => (s.unlisted ? [] : [render(i, round)])).filter((s) => !name || new RegExp(name).test(s.name));
    json(res, 200, { servers: [...listed, { id: 'other', name: 'webserver', status: 'ACTIVE' }].filter((s) => !name || new RegExp(name).test(s.name)) });
  });
  const session = new Session(cloud.region({}, 'local-a'));
  return { cloud, session, ids, counts };
}

const soon = () => Date.now() + 60_000;

test('the name filter is the fleet name as a literal, then a dash and digits', () => {
  assert.equal(fleetNameFilter('web'), '^web-[0-9]+$');
  assert.equal(fleetNameFilter('a.b+c'), '^a\\.b\\+c-[0-9]+$');
  assert.ok(!new RegExp(fleetNameFilter('web')).test('webserver') && !new RegExp(fleetNameFilter('web')).test('web-1-old'));
});

test('8 waiting members: one listing per round answers all of them, no GET per server', async () => {
  const { session, ids, counts } = await fakeNova(Array.from({ length: 8 }, () => ({ activeAt: 3 })));
  const status = new FleetStatus(session, 'web');
  const servers = await Promise.all(ids.map((id) => status.wait(id, soon())));
  await session.close();
  assert.deepEqual(servers.map((s) => [s.id, s.status]), ids.map((id) => [id, 'ACTIVE']));
  assert.equal(counts.listings, 3, 'ACTIVE at the third round: three listings for all eight (alone: 8 x 3 GETs)');
  assert.equal(counts.gets.size, 0, 'no GET /servers/{id}');
  assert.deepEqual([...counts.filters], ['^web-[0-9]+$']);
  assert.equal(status.waiting, 0);
});

test('a member in ERROR fails with the fault at once while the others go on to ACTIVE', async () => {
  const { session, ids, counts } = await fakeNova([{ activeAt: 3 }, { fault: 'No valid host was found. There are not enough hosts available.' }, { activeAt: 3 }]);
  const status = new FleetStatus(session, 'web');
  const order: string[] = [];
  const results = await Promise.allSettled(ids.map((id) => status.wait(id, soon()).finally(() => order.push(id))));
  await session.close();
  assert.equal(results[1]!.status, 'rejected');
  assert.match(String((results[1] as PromiseRejectedResult).reason), /local-a\/RegionOne: Error in creating the server srv-2\. Compute service reports fault: No valid host was found\. There are not enough hosts available\./);
  assert.deepEqual([results[0]!.status, results[2]!.status], ['fulfilled', 'fulfilled']);
  assert.equal(order[0], 'srv-2', 'the failed member ended first, at the first round');
  assert.equal(counts.listings, 3);
  assert.equal(counts.gets.size, 0, 'the listing carried the fault: no GET for it');
});

test('a member missing from the listing is asked by GET: lagging it goes on; a 404 is ignored until its deadline, as NV-3 and a single boot do', async () => {
  const { session, ids, counts } = await fakeNova([{ activeAt: 2 }, { unlisted: 'shown-active' }, { unlisted: 'gone' }]);
  const status = new FleetStatus(session, 'web');
  const started = Date.now();
  const results = await Promise.allSettled(ids.map((id, i) => status.wait(id, i === 2 ? Date.now() + 1500 : soon())));
  await session.close();
  assert.equal(results[0]!.status, 'fulfilled');
  assert.equal(results[1]!.status, 'fulfilled', 'not listed yet, but its GET says ACTIVE');
  assert.equal((results[1] as PromiseFulfilledResult<{ id: string }>).value.id, 'srv-2');
  assert.equal(results[2]!.status, 'rejected');
  assert.match(String((results[2] as PromiseRejectedResult).reason), /local-a\/RegionOne: Timeout waiting for the server srv-3 to come up\./);
  assert.ok(Date.now() - started >= 1400, 'the 404 did not end it before its deadline');
  assert.equal(counts.gets.get('srv-2'), 1, 'one GET for the lagging one, which then came up');
  assert.ok((counts.gets.get('srv-3') ?? 0) >= 2, `the missing one is asked each round until its deadline: ${counts.gets.get('srv-3')}`);
});

test('a listing that keeps failing (a 400 for the filter, say) leaves each member to its own GET, as a single boot: they still come up', async () => {
  const { session, ids, counts } = await fakeNova([{ activeAt: 2 }, { activeAt: 2 }], undefined, false);
  const status = new FleetStatus(session, 'web');
  const servers = await Promise.all(ids.map((id) => status.wait(id, soon())));
  await session.close();
  assert.deepEqual(servers.map((s) => s.status), ['ACTIVE', 'ACTIVE']);
  assert.equal(counts.listings, 2, 'ACTIVE at the second round');
  assert.deepEqual(Object.fromEntries(counts.gets), { 'srv-1': counts.listings, 'srv-2': counts.listings }, 'one GET each per round');
});

test('each member has its own deadline: one times out, the other still comes up', async () => {
  const { session, ids, counts } = await fakeNova([{ activeAt: 0 }, { activeAt: 5 }]);
  const status = new FleetStatus(session, 'web');
  const started = Date.now();
  const [late, fine] = await Promise.allSettled([status.wait(ids[0]!, started + 700), status.wait(ids[1]!, soon())]);
  await session.close();
  assert.equal(late.status, 'rejected');
  assert.match(String((late as PromiseRejectedResult).reason), /local-a\/RegionOne: Timeout waiting for the server srv-1 to come up\./);
  assert.equal(fine.status, 'fulfilled');
  assert.equal(counts.listings, 5, 'rounds at 250 and 500 ms, one last look at the 700 ms deadline, then 1075 and 1637 ms: ACTIVE at the fifth');
});

test('cancel: every waiting member rejects as aborted and polling stops, even mid-request', async () => {
  const cancel = new AbortController();
  // Cancelled while nova is still answering the second listing.
  const { session, ids, counts } = await fakeNova([{ activeAt: 0 }, { activeAt: 0 }, { activeAt: 0 }], (round) => round === 2 && cancel.abort());
  const status = new FleetStatus(session, 'web');
  const results = await Promise.allSettled(ids.map((id) => status.wait(id, soon(), cancel.signal)));
  assert.ok(results.every((r) => r.status === 'rejected' && isAbortError(r.reason)), JSON.stringify(results.map((r) => r.status)));
  assert.equal(status.waiting, 0);
  await new Promise((r) => setTimeout(r, 1500));
  await session.close();
  assert.equal(counts.listings, 2, 'no listing after the cancel');
  assert.equal(counts.gets.size, 0);
});

test('a member joining when the rounds have slowed down gets a quick first look; one already cancelled is refused', async () => {
  const joined: { at?: number; wait?: Promise<unknown> } = {};
  const stop = new AbortController();
  let status: FleetStatus | undefined;
  // srv-2 is ACTIVE all along but only waited for once six rounds have backed off to ~2 s apart.
  const { session, ids, counts } = await fakeNova([{ activeAt: 0 }, { activeAt: 1 }], (round) => {
    if (round === 6) setTimeout(() => Object.assign(joined, { at: Date.now(), wait: status!.wait(ids[1]!, soon()) }), 50);
  });
  status = new FleetStatus(session, 'web');
  await assert.rejects(status.wait(ids[0]!, soon(), AbortSignal.abort()), (e) => isAbortError(e));
  const slow = status.wait(ids[0]!, soon(), stop.signal).catch((e) => e);
  while (!joined.wait) await new Promise((r) => setTimeout(r, 20));
  await joined.wait;
  const took = Date.now() - joined.at!;
  stop.abort();
  assert.ok(isAbortError(await slow));
  await session.close();
  assert.ok(took < 1000, `answered ${took} ms after joining (the next round was ~2 s away)`);
  assert.equal(counts.listings, 7);
});
