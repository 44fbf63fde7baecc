// The token stays with the cloud: links, discovery documents and resource fields of a hostile
// cloud (test/support/hostileCloud.ts) that name another origin are followed on the catalog's
// endpoint, with a warning, and the token sink on the other origin never gets a request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from '../../extension/openstack/session';
import { OpenStackError } from '../../extension/openstack/errors';
import { collect } from '../../extension/openstack/services/paging';
import { listImages, showImage } from '../../extension/openstack/services/image';
import { listServers } from '../../extension/openstack/services/compute';
import { listNetworks } from '../../extension/openstack/services/network';
import { json } from '../support/fakeCloud';
import { HostileCloud } from '../support/hostileCloud';

async function withHostile(config: Record<string, unknown>, play: (cloud: HostileCloud, session: Session, log: string[]) => Promise<void>, arrange: (cloud: HostileCloud) => void = () => undefined): Promise<void> {
  const cloud = await new HostileCloud().start();
  arrange(cloud);
  const log: string[] = [];
  const session = new Session(cloud.region(config), { log: (line) => log.push(line) });
  try {
    await play(cloud, session, log);
    assert.deepEqual(cloud.sink.leaks(), [], 'the token sink received a credential');
    assert.deepEqual(cloud.sink.requests.map((r) => `${r.method} ${r.path}`), [], 'the token sink received a request');
  } finally {
    await session.close();
    await cloud.stop();
  }
}

const paths = (cloud: HostileCloud) => cloud.requests.map((r) => r.path);

test('glance `next` naming another origin: the next page comes from the image endpoint, a warning is logged', () =>
  withHostile({}, async (cloud, session, log) => {
    cloud.on('GET', /^\/image\/v2\/images$/, (q, res) => (q.path.includes('marker=a')
      ? json(res, 200, { images: [{ id: 'b', name: 'b' }] })
      : json(res, 200, { images: [{ id: 'a', name: 'a' }], next: `${cloud.sink.url}/v2/images?marker=a&limit=1` })));
    const images = await collect(listImages(session));
    assert.deepEqual(images.map((i) => i.id), ['a', 'b']);
    assert.ok(paths(cloud).includes('/image/v2/images?marker=a&limit=1'), paths(cloud).join('\n'));
    assert.ok(log.some((l) => /warning/i.test(l) && l.includes(cloud.sink.url)), log.join('\n'));
  }));

test('nova `servers_links` and neutron `networks_links` naming another origin are followed on the catalog endpoint', () =>
  withHostile({}, async (cloud, session) => {
    cloud.on('GET', /^\/compute\/v2\.1\/servers\/detail$/, (q, res) => (q.path.includes('marker=s1')
      ? json(res, 200, { servers: [{ id: 's2', name: 's2', status: 'ACTIVE' }] })
      : json(res, 200, { servers: [{ id: 's1', name: 's1', status: 'ACTIVE' }], servers_links: [{ rel: 'next', href: `${cloud.sink.url}/v2.1/servers/detail?marker=s1` }] })));
    cloud.on('GET', /^\/network\/v2\.0\/networks$/, (q, res) => (q.path.includes('marker=n1')
      ? json(res, 200, { networks: [{ id: 'n2', name: 'n2' }] })
      : json(res, 200, { networks: [{ id: 'n1', name: 'n1' }], networks_links: [{ rel: 'next', href: `${cloud.sink.url}/v2.0/networks?marker=n1` }] })));
    assert.deepEqual((await collect(listServers(session))).map((s) => s.id), ['s1', 's2']);
    assert.deepEqual((await collect(listNetworks(session))).map((n) => n.id), ['n1', 'n2']);
    assert.ok(paths(cloud).includes('/compute/v2.1/servers/detail?marker=s1'), paths(cloud).join('\n'));
    assert.ok(paths(cloud).includes('/network/v2.0/networks?marker=n1'), paths(cloud).join('\n'));
  }));

test('a version-discovery `self` link naming another origin is rebased onto the catalog endpoint (as keystoneauth does)', () =>
  withHostile({}, async (cloud, session, log) => {
    cloud.foreignDiscovery('/image', 'v2').foreignDiscovery('/network', 'v2.0');
    assert.equal(await session.endpoint('image'), `${cloud.url}/image/v2`);
    assert.equal(await session.endpoint('network'), `${cloud.url}/network/v2.0`);
    cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => json(res, 200, { images: [{ id: 'i1', name: 'i1' }] }));
    assert.deepEqual((await collect(listImages(session))).map((i) => i.id), ['i1']);
    assert.ok(log.some((l) => /warning/i.test(l) && l.includes(cloud.sink.url)), log.join('\n'));
  }));

test('identity discovery naming another origin: the password goes to the auth_url origin only', () =>
  withHostile({}, async (cloud, session) => {
    const region = cloud.region();
    const auth = region.config.auth as Record<string, unknown>;
    auth.auth_url = cloud.url;
    cloud.foreignDiscovery('', 'v3');
    const direct = new Session(region);
    try {
      const token = await direct.token();
      assert.match(token.value, /^tok-/);
      assert.ok(paths(cloud).includes('/v3/auth/tokens'));
    } finally {
      await direct.close();
    }
    await session.token();
  }));

test('URLs from resource bodies (image locations, console URL, task result) never get the token on another origin', () =>
  withHostile({}, async (cloud, session, log) => {
    cloud.on('GET', /^\/image\/v2\/images\/i1$/, (_q, res) => json(res, 200, {
      id: 'i1', name: 'i1', status: 'active', direct_url: `${cloud.sink.url}/v2/images/i1/file`,
      locations: [{ url: `${cloud.sink.url}/v2/images/i1/file`, metadata: {} }],
    }));
    cloud.on('POST', /^\/compute\/v2\.1\/servers\/s1\/remote-consoles$/, (_q, res) => json(res, 200, { remote_console: { protocol: 'vnc', type: 'novnc', url: `${cloud.sink.url}/vnc_auto.html?path=token%3Dx` } }));
    cloud.on('GET', /^\/image\/v2\/images\/i1\/file$/, (_q, res) => json(res, 200, { served: 'by the cloud' }));
    const image = await showImage(session, 'i1');
    const location = (image!.locations as { url: string }[])[0].url;
    const consoleUrl = (await session.json<{ remote_console: { url: string } }>({ service: 'compute', method: 'POST', path: 'servers/s1/remote-consoles', json: {} })).remote_console.url;
    // Sent as is, the session refuses: no X-Auth-Token to an origin the catalog does not name.
    for (const url of [location, consoleUrl, `${cloud.sink.url}/v2/tasks/t1`]) {
      await assert.rejects(session.request({ service: 'image', method: 'GET', path: url }), (e: OpenStackError) => {
        assert.equal(e.cloud, 'hostile');
        assert.match(e.message, /not .*origin .*catalog/);
        return true;
      });
    }
    // Followed the way the client follows body URLs: rebased onto the image endpoint.
    const rebased = await session.resolveLink('image', location);
    assert.equal(rebased, `${cloud.url}/image/v2/images/i1/file`);
    assert.deepEqual(await session.json({ service: 'image', method: 'GET', path: rebased }), { served: 'by the cloud' });
    assert.ok(log.some((l) => /warning/i.test(l) && l.includes(cloud.sink.url)), log.join('\n'));
  }));

test('an endpoint override on another origin is trusted: the user named it', () =>
  withHostile({}, async (cloud) => {
    cloud.sink.requests.length = 0;
    const other = await new HostileCloud().start();
    other.on('GET', /^\/v2\/images$/, (q, res) => json(res, 200, { images: [{ id: String(q.headers['x-auth-token']) }] }));
    const session = new Session(cloud.region({ image_endpoint_override: `${other.url}/v2` }));
    try {
      const [image] = await collect(listImages(session));
      assert.match(image.id, /^tok-/);
    } finally {
      await session.close();
      await other.stop();
    }
  }));

test('a redirect to another origin is not followed (guard)', () =>
  withHostile({}, async (cloud, session) => {
    cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => { res.writeHead(302, { location: `${cloud.sink.url}/v2/images` }); res.end(); });
    await assert.rejects(collect(listImages(session)), (e: OpenStackError) => e.status === 302);
  }));
