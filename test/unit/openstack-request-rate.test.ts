// The API rate limit of a cloud's session: requests take turns 1/R s apart, evenly, without bursts;
// waiting ends with the request's signal; a limit set for a fleet is put back afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestRate } from '../../extension/openstack/requestRate';
import { Session } from '../../extension/openstack/session';
import type { CloudRegion } from '../../extension/openstack/cloudRegion';
import { fleetLimits } from '../../extension/ui/actions/fleetSettings';

test('turns are 1/R seconds apart from the first, however many ask at once', async () => {
  const rate = new RequestRate(20); // 50 ms apart
  const t0 = performance.now();
  const started: number[] = [];
  await Promise.all(Array.from({ length: 5 }, () => rate.turn().then(() => started.push(performance.now() - t0))));
  started.sort((a, b) => a - b);
  assert.ok(started[0]! < 20, `the first goes at once (${started[0]} ms)`);
  for (let i = 1; i < started.length; i++) assert.ok(started[i]! - started[i - 1]! >= 45, `turn ${i} after ${started[i]! - started[i - 1]!} ms`);
  assert.ok(started.at(-1)! < 350, `no more waiting than the spacing (${started.at(-1)} ms)`);
  assert.throws(() => new RequestRate(0), /a positive number/);
});

test('a request waiting for its turn is cancelled with its signal', async () => {
  const rate = new RequestRate(1);
  await rate.turn();
  const controller = new AbortController();
  const waiting = rate.turn(controller.signal);
  controller.abort();
  await assert.rejects(waiting, { name: 'AbortError' });
});

test('a session with a rate sends its requests no faster than it; each limit is taken away by its own end', async () => {
  const seen: number[] = [];
  const server = http.createServer((req, res) => {
    seen.push(performance.now());
    if (req.url?.startsWith('/v3/auth/tokens')) {
      res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': 'tok' });
      return res.end(JSON.stringify({ token: { expires_at: new Date(Date.now() + 3600e3).toISOString(), catalog: [{ type: 'compute', endpoints: [{ interface: 'public', region: 'R', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/compute/v2.1` }] }], project: { id: 'p' } } }));
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"servers": []}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const region = { name: 'rated', region_name: 'R', config: { auth_type: 'token', auth: { auth_url: `http://127.0.0.1:${port}/v3`, token: 'tok' }, region_name: 'R' }, missing_secrets: [] } as unknown as CloudRegion;
  const session = new Session(region);
  try {
    await session.json({ service: 'compute', method: 'GET', path: 'servers' }); // token and endpoint first
    const unlimit = session.limitRate(10); // 100 ms apart
    const before = seen.length;
    await Promise.all(Array.from({ length: 4 }, () => session.json({ service: 'compute', method: 'GET', path: 'servers' })));
    const times = seen.slice(before).sort((a, b) => a - b);
    assert.equal(times.length, 4);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 90, `request ${i} came ${times[i]! - times[i - 1]!} ms after the one before`);
    // Two fleets on one cloud: the first one ending leaves the second's limit in force.
    const second = session.limitRate(10);
    unlimit();
    const mark = seen.length;
    await Promise.all(Array.from({ length: 3 }, () => session.json({ service: 'compute', method: 'GET', path: 'servers' })));
    const again = seen.slice(mark).sort((a, b) => a - b);
    for (let i = 1; i < again.length; i++) assert.ok(again[i]! - again[i - 1]! >= 90, `still limited: request ${i} came ${again[i]! - again[i - 1]!} ms after the one before`);
    second();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 4 }, () => session.json({ service: 'compute', method: 'GET', path: 'servers' })));
    assert.ok(performance.now() - t0 < 250, 'no limit once it is put back');
  } finally {
    await session.close();
    server.close();
  }
});

test('fleet settings: a whole number in range is used; anything else a workspace wrote is the default', () => {
  const from = (values: Record<string, unknown>) => fleetLimits((key) => values[key]);
  assert.deepEqual(from({ parallel: 5, requestsPerSecond: 20 }), { parallel: 5, requestsPerSecond: 20 });
  for (const bad of [0, -3, 2.5, 1e9, '10', null, undefined, Number.NaN, [4]]) {
    assert.deepEqual(from({ parallel: bad, requestsPerSecond: bad }), { parallel: undefined, requestsPerSecond: undefined }, String(bad));
  }
});
