import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Session } from '../../extension/openstack/session';
import { OpenStackError } from '../../extension/openstack/errors';
import { FakeCloud, json } from '../support/fakeCloud';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

test('the transport never installs a process-wide undici dispatcher (VS Code shares the process)', async () => {
  const before = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  const cloud = await new FakeCloud().start();
  cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => json(res, 200, { images: [] }));
  const session = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }));
  await session.json({ service: 'image', method: 'GET', path: 'images' });
  assert.equal((globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER], before);
  assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.2')], undefined);
  await session.close();
  await cloud.stop();
});

test('GETs are retried after 503 and succeed; POSTs are not retried after a 5xx', async () => {
  const cloud = await new FakeCloud().start();
  let gets = 0;
  let posts = 0;
  cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => (++gets < 3 ? json(res, 503, { message: 'busy' }) : json(res, 200, { images: [{ id: 'a' }] })));
  cloud.on('POST', /^\/image\/v2\/images$/, (_q, res) => { posts++; json(res, 500, { message: 'boom' }); });
  const session = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }));
  const body = await session.json<{ images: unknown[] }>({ service: 'image', method: 'GET', path: 'images' });
  assert.equal(body.images.length, 1);
  assert.equal(gets, 3);
  await assert.rejects(session.json({ service: 'image', method: 'POST', path: 'images', json: {} }), (e: OpenStackError) => {
    assert.equal(e.status, 500);
    assert.equal(e.cloud, 'fake');
    assert.equal(e.service, 'image');
    assert.match(e.message, /^fake\/RegionOne: image request failed \(image POST http:\/\/127\.0\.0\.1:\d+\/image\/v2\/images\): HTTP 500: boom$/);
    return true;
  });
  assert.equal(posts, 1);
  await session.close();
  await cloud.stop();
});

test('a refused connection is retried, then reported with the cloud and service; the password never shows', async () => {
  const free = net.createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  const port = (free.address() as net.AddressInfo).port;
  await new Promise((r) => free.close(r));
  const session = new Session({ name: 'down', region_name: 'R1', config: { auth: { auth_url: `http://127.0.0.1:${port}/v3`, username: 'u', password: 'canary-Pa55word', project_name: 'p', user_domain_name: 'D', project_domain_name: 'D' } } });
  const started = Date.now();
  await assert.rejects(session.token(), (e: OpenStackError) => {
    assert.equal(e.kind, 'network');
    assert.match(e.message, /^down\/R1: cannot reach identity .*ECONNREFUSED/);
    assert.doesNotMatch(e.message + JSON.stringify(e), /canary-Pa55word/);
    return true;
  });
  assert.ok(Date.now() - started >= 300, 'backed off between attempts');
  await session.close();
});

test('api_timeout bounds a stalled answer; cancel aborts at once', async () => {
  const cloud = await new FakeCloud().start();
  cloud.on('GET', /^\/image\/v2\/images$/, () => undefined); // never answers
  const session = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2`, api_timeout: 0.3 }));
  await assert.rejects(session.json({ service: 'image', method: 'GET', path: 'images', attempts: 1 }), (e: OpenStackError) => e.kind === 'timeout' && /no answer within/.test(e.message));
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 50);
  await assert.rejects(session.json({ service: 'image', method: 'GET', path: 'images', signal: abort.signal }), (e: OpenStackError) => e.kind === 'cancelled');
  await session.close();
  await cloud.stop();
});

test('a 401 from a service renews the token once and repeats the request', async () => {
  const cloud = await new FakeCloud().start();
  let calls = 0;
  cloud.on('GET', /^\/image\/v2\/images$/, (q, res) => {
    calls++;
    if (q.headers['x-auth-token'] === 'tok-1') return json(res, 401, { error: { message: 'expired' } });
    json(res, 200, { images: [] });
  });
  const session = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }));
  await session.json({ service: 'image', method: 'GET', path: 'images' });
  assert.equal(calls, 2);
  assert.equal(cloud.tokenCount, 2);
  await session.close();
  await cloud.stop();
});

test('a token with less than 120 s left is renewed before the request', async () => {
  const cloud = await new FakeCloud().start();
  cloud.tokenLifetimeMs = 100_000;
  const session = new Session(cloud.region());
  await session.token();
  await session.token();
  assert.equal(cloud.tokenCount, 2);
  cloud.tokenLifetimeMs = 3600_000;
  await session.token();
  await session.token();
  assert.equal(cloud.tokenCount, 3);
  await session.close();
  await cloud.stop();
});

test('a missing password is asked through the hook once; the body carries it, errors do not', async () => {
  const cloud = await new FakeCloud().start();
  let asked = 0;
  const region = cloud.region();
  delete (region.config.auth as Record<string, unknown>).password;
  const session = new Session(region, { hooks: { askPassword: async () => { asked++; return 'prompted-secret'; } } });
  await session.token();
  session.invalidateToken();
  await session.token();
  assert.equal(asked, 1);
  const body = JSON.parse(cloud.requests.find((r) => r.path === '/v3/auth/tokens')!.body.toString());
  assert.equal(body.auth.identity.password.user.password, 'prompted-secret');
  await session.close();
  await cloud.stop();
});

test('Keystone v2.0 (auth_url …/v2.0): token from the body, catalog with publicURL/internalURL', async () => {
  const cloud = await new FakeCloud().start();
  cloud.on('POST', /^\/v2\.0\/tokens$/, (q, res) => {
    const body = JSON.parse(q.body.toString());
    assert.deepEqual(body, { auth: { passwordCredentials: { username: 'old', password: 'canary-Pa55word' }, tenantName: 'legacy' } });
    json(res, 200, { access: {
      token: { id: 'v2-token', expires: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'), tenant: { id: 't1' } },
      serviceCatalog: [{ type: 'image', name: 'glance', endpoints: [{ region: 'RegionOne', publicURL: `${cloud.url}/image/v2`, internalURL: 'http://internal.invalid' }] }],
      user: { id: 'u' },
    } });
  });
  cloud.on('GET', /^\/image\/v2\/images$/, (q, res) => json(res, 200, { images: [{ id: String(q.headers['x-auth-token']) }] }));
  const session = new Session({ name: 'rax', region_name: 'RegionOne', config: { auth_type: 'v2password', auth: { auth_url: `${cloud.url}/v2.0`, username: 'old', password: 'canary-Pa55word', tenant_name: 'legacy' }, region_name: 'RegionOne' } });
  const body = await session.json<{ images: { id: string }[] }>({ service: 'image', method: 'GET', path: 'images' });
  assert.equal(body.images[0].id, 'v2-token');
  assert.equal((await session.token()).projectId, 't1');
  await session.close();
  await cloud.stop();
});

test('version discovery on an unversioned auth_url picks v3 when domains are set', async () => {
  const cloud = await new FakeCloud().start();
  cloud.on('GET', /^\/$/, (_q, res) => json(res, 300, { versions: { values: [
    { id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${cloud.url}/v3/` }] },
    { id: 'v2.0', status: 'deprecated', links: [{ rel: 'self', href: `${cloud.url}/v2.0/` }] },
  ] } }));
  const region = cloud.region();
  (region.config.auth as Record<string, unknown>).auth_url = cloud.url;
  const session = new Session(region);
  assert.equal((await session.token()).version, 'v3');
  await session.close();
  await cloud.stop();
});
