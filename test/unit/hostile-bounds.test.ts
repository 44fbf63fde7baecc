// Bounded work against a hostile cloud (test/support/hostileCloud.ts): a listing that never ends,
// JSON far too large, error bodies of megabytes, answers that trickle or never come. Each ends
// with a clear error naming the cloud and the service, in bounded time and memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session, type SessionOptions } from '../../extension/openstack/session';
import { OpenStackError } from '../../extension/openstack/errors';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../extension/openstack/http/limits';
import { collect } from '../../extension/openstack/services/paging';
import { listImages, showImage } from '../../extension/openstack/services/image';
import { listServers } from '../../extension/openstack/services/compute';
import { HostileCloud } from '../support/hostileCloud';

const MiB = 1024 * 1024;

async function withHostile(config: Record<string, unknown>, options: SessionOptions, play: (cloud: HostileCloud, session: Session) => Promise<void>): Promise<void> {
  const cloud = await new HostileCloud().start();
  const session = new Session(cloud.region(config), options);
  try {
    await play(cloud, session);
  } finally {
    await session.close();
    await cloud.stop();
  }
}

function namedError(pattern: RegExp, check: (e: OpenStackError) => void = () => undefined) {
  return (e: OpenStackError) => {
    assert.ok(e instanceof OpenStackError, String(e));
    assert.match(e.message, /^hostile\/RegionOne: /);
    assert.match(e.message, pattern);
    check(e);
    return true;
  };
}

test('the default limits are finite and sane', () => {
  assert.ok(DEFAULT_LIMITS.maxPages >= 100 && DEFAULT_LIMITS.maxPages <= 10_000);
  assert.ok(DEFAULT_LIMITS.maxItems >= 10_000 && DEFAULT_LIMITS.maxItems <= 1_000_000);
  assert.ok(DEFAULT_LIMITS.maxJsonBytes >= 8 * MiB && DEFAULT_LIMITS.maxJsonBytes <= 256 * MiB);
});

test('the CLI takes limits from OPENSTACK_CLOUDS_MAX_PAGES, _MAX_ITEMS and _MAX_JSON_MIB; nonsense is ignored', () => {
  assert.deepEqual(limitsFromEnv({ OPENSTACK_CLOUDS_MAX_PAGES: '50', OPENSTACK_CLOUDS_MAX_ITEMS: '-3', OPENSTACK_CLOUDS_MAX_JSON_MIB: '64' }), { maxPages: 50, maxJsonBytes: 64 * MiB });
  assert.deepEqual(limitsFromEnv({ OPENSTACK_CLOUDS_MAX_PAGES: 'lots' }), {});
});

test('a listing with a fresh marker on every page ends after the page cap with a clear error', { timeout: 20_000 }, () =>
  withHostile({}, { limits: { maxPages: 25 } }, async (cloud, session) => {
    cloud.endlessListing(/^\/image\/v2\/images$/, 'images', (n) => ({ next: `/v2/images?marker=item-${n}` }));
    await assert.rejects(collect(listImages(session)), namedError(/25 pages/, (e) => assert.equal(e.service, 'image')));
    assert.equal(cloud.requests.filter((r) => r.path.startsWith('/image/v2/images')).length, 25);
  }));

test('a listing that passes the item cap ends with a clear error (nova links)', { timeout: 20_000 }, () =>
  withHostile({}, { limits: { maxItems: 40 } }, async (cloud, session) => {
    cloud.endlessListing(/^\/compute\/v2\.1\/servers\/detail$/, 'servers', (n) => ({ servers_links: [{ rel: 'next', href: `${cloud.url}/compute/v2.1/servers/detail?marker=item-${n}` }] }));
    await assert.rejects(collect(listServers(session)), namedError(/40 items/, (e) => assert.equal(e.service, 'compute')));
  }));

test('a JSON answer above the size cap is refused, declared or streamed', { timeout: 20_000 }, () =>
  withHostile({}, { limits: { maxJsonBytes: MiB } }, async (cloud, session) => {
    cloud.oversized('GET', /^\/image\/v2\/images\/declared$/, 4 * MiB, { key: 'name', declareLength: true });
    cloud.oversized('GET', /^\/image\/v2\/images\/streamed$/, 4 * MiB, { key: 'name' });
    for (const id of ['declared', 'streamed']) {
      await assert.rejects(showImage(session, id), namedError(/larger than 1 MiB/, (e) => { assert.equal(e.kind, 'http'); assert.equal(e.service, 'image'); }));
    }
    const attempts = cloud.requests.filter((r) => r.path.endsWith('/streamed')).length;
    assert.equal(attempts, 1, 'a body too large is not asked for again');
  }));

test('a huge error body is shown truncated', { timeout: 20_000 }, () =>
  withHostile({}, {}, async (cloud, session) => {
    cloud.oversized('GET', /^\/image\/v2\/images\/boom$/, 8 * MiB, { status: 400 });
    await assert.rejects(showImage(session, 'boom'), namedError(/HTTP 400: AAAA/, (e) => {
      assert.ok(e.message.length < 2000, `error message of ${e.message.length} characters`);
      assert.match(e.message, /truncated/);
    }));
  }));

test('an answer that trickles in forever ends after api_timeout', { timeout: 20_000 }, () =>
  withHostile({ api_timeout: 1 }, {}, async (cloud, session) => {
    cloud.trickle('GET', /^\/image\/v2\/images$/, 100);
    const started = Date.now();
    await assert.rejects(collect(listImages(session)), namedError(/within 1 s \(image GET/, (e) => assert.equal(e.kind, 'timeout')));
    assert.ok(Date.now() - started < 8000, `took ${Date.now() - started} ms`);
  }));

test('a request that is never answered ends after api_timeout (guard: token and service requests)', { timeout: 30_000 }, () =>
  withHostile({ api_timeout: 1 }, {}, async (cloud, session) => {
    cloud.stall('GET', /^\/image\/v2\/images$/);
    await assert.rejects(collect(listImages(session)), namedError(/no answer within 1 s/, (e) => assert.equal(e.kind, 'timeout')));
    cloud.stall('POST', /^\/v3\/auth\/tokens$/);
    session.invalidateToken();
    await assert.rejects(session.token(), namedError(/no answer within 1 s \(identity POST/, (e) => assert.equal(e.kind, 'timeout')));
  }));
