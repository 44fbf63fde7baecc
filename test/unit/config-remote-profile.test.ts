// Remote vendor profiles: fetched only on request, cached, with a timeout and an AbortSignal.
// The servers here are on loopback, which only the user's own setting allows (allowPrivateAddresses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import https from 'node:https';
import { buildLoadedConfig, fetchRemoteProfilesAndResolve, guardedLookup, RemoteProfileCache, resolveClouds } from '../../extension/config/index';
import { SourceHttp } from '../../extension/baseImages/http';
import { makeTlsMaterial } from '../support/tlsServer';
import { startForwardProxy } from '../support/forwardProxy';
import { unsetEnvironment } from '../support/environment';

async function server(handler: http.RequestListener): Promise<{ url: string; close: () => void; hits: () => number }> {
  let hits = 0;
  const s = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => {
      s.closeAllConnections();
      s.close();
    }, hits: () => hits };
}

const loadedFor = (url: string) =>
  buildLoadedConfig([{ kind: 'clouds', path: '/w/clouds.yaml', text: `clouds:\n  remote:\n    profile: ${url}\n    auth: {username: u, password: p, project_id: x, user_domain_id: d}\n` }], { cwd: undefined, env: {}, home: '', platform: 'linux' });

test('remote profile: not fetched by resolveClouds; fetched once on request and cached', async () => {
  const srv = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'acme', profile: { auth: { auth_url: 'https://k.acme.example/v3' }, regions: ['a', 'b'] } })));
  try {
    const profiles = new RemoteProfileCache();
    const loaded = loadedFor(srv.url);
    const plain = resolveClouds(loaded, { profiles });
    assert.equal(plain.clouds[0]!.status, 'profile-not-fetched');
    assert.equal(plain.clouds[0]!.problems[0]!.code, 'remote-profile-not-fetched');
    assert.equal(srv.hits(), 0);
    const fetched = await fetchRemoteProfilesAndResolve(loaded, { profiles, allowPrivateAddresses: true });
    assert.deepEqual(fetched.regions.map((r) => r.region_name), ['a', 'b']);
    assert.equal(fetched.regions[0]!.config.auth.auth_url, 'https://k.acme.example/v3');
    await fetchRemoteProfilesAndResolve(loaded, { profiles, allowPrivateAddresses: true });
    assert.equal(srv.hits(), 1, 'cached');
  } finally {
    srv.close();
  }
});

test('remote profile: a server that never answers fails after the timeout, as an error of that cloud only', async () => {
  const srv = await server(() => undefined);
  try {
    const t0 = Date.now();
    const resolved = await fetchRemoteProfilesAndResolve(loadedFor(srv.url), { profiles: new RemoteProfileCache(), timeoutMs: 300, allowPrivateAddresses: true });
    assert.ok(Date.now() - t0 < 2000, 'timeout not honoured');
    const p = resolved.problems.find((x) => x.code === 'remote-profile-failed');
    assert.ok(p, JSON.stringify(resolved.problems));
    assert.match(p.message, /no answer within 0.3 s/);
    assert.equal(p.file, '/w/clouds.yaml');
    assert.equal(p.range.start.line, 2);
  } finally {
    srv.close();
  }
});

test('remote profile: an endless body is refused past 1 MiB, without reading (or holding) the rest', async () => {
  let sent = 0;
  let stopped!: () => void;
  const closed = new Promise<void>((resolve) => (stopped = resolve));
  // A hostile server: a JSON-looking answer with no length that never ends (a test double: no real host does this).
  const srv = await server((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!res.destroyed && res.write(chunk)) sent += chunk.length;
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => stopped());
    res.write('{"name": "acme", "profile": {"x": "');
    pump();
  });
  try {
    const t0 = Date.now();
    const resolved = await fetchRemoteProfilesAndResolve(loadedFor(srv.url), { profiles: new RemoteProfileCache(), timeoutMs: 20_000, allowPrivateAddresses: true });
    const p = resolved.problems.find((x) => x.code === 'remote-profile-failed');
    assert.match(p?.message ?? JSON.stringify(resolved.problems), /larger than 1 MiB/);
    assert.ok(Date.now() - t0 < 10_000, `refused after ${Date.now() - t0} ms, not at the timeout`);
    await closed;
    assert.ok(sent < 64 * 1024 * 1024, `the connection was closed after ${sent} bytes`);
  } finally {
    srv.close();
  }
});

test('remote profile: cancelling the fetch leaves the cloud waiting, not failed', async () => {
  const srv = await server(() => undefined);
  try {
    const controller = new AbortController();
    const profiles = new RemoteProfileCache();
    setTimeout(() => controller.abort(), 100);
    const resolved = await fetchRemoteProfilesAndResolve(loadedFor(srv.url), { profiles, signal: controller.signal, timeoutMs: 5000, allowPrivateAddresses: true });
    assert.equal(resolved.clouds[0]!.status, 'profile-not-fetched');
  } finally {
    srv.close();
  }
});

test('remote profile: loopback is refused without the user\'s allowance, and nothing is sent', async () => {
  const srv = await server((_req, res) => res.writeHead(200).end('{}'));
  try {
    const resolved = await fetchRemoteProfilesAndResolve(loadedFor(srv.url), { profiles: new RemoteProfileCache() });
    const p = resolved.problems.find((x) => x.code === 'remote-profile-failed');
    assert.ok(p, JSON.stringify(resolved.problems));
    assert.match(p.message, /refused: 127\.0\.0\.1 is a loopback, link-local or private address/);
    assert.equal(srv.hits(), 0);
  } finally {
    srv.close();
  }
});

test('remote profile: every redirect hop is judged like the first URL; the allowance lets the redirect through', async () => {
  const target = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'x', profile: {} })));
  const { httpGetJson } = await import('../../extension/config/profiles');
  const hop = await server((_req, res) => res.writeHead(302, { location: `${target.url}/.well-known/openstack/api` }).end());
  const sourceHttp = new SourceHttp({ timeoutMs: 2000 });
  try {
    for (const get of [undefined, sourceHttp.getOnce]) {
      await assert.rejects(httpGetJson(`${hop.url}/`, AbortSignal.timeout(2000), false, get), /refused/);
      assert.equal(hop.hits() + target.hits(), 0);
    }
    await httpGetJson(`${hop.url}/`, AbortSignal.timeout(2000), true);
    assert.equal(target.hits(), 1, 'with the allowance the redirect is followed');
    assert.deepEqual(await httpGetJson(`${hop.url}/`, AbortSignal.timeout(2000), true, sourceHttp.getOnce), { name: 'x', profile: {} });
    assert.deepEqual([hop.hits(), target.hits()], [2, 2], 'SourceHttp\'s GET returns the redirect for the guard to judge, and the next hop is asked');
  } finally {
    await sourceHttp.close();
    hop.close();
    target.close();
  }
});

test('remote profile URLs: https to public hosts only, unless the user allows private addresses', async () => {
  const { refusedProfileUrl, isPrivateAddress } = await import('../../extension/config/profileGuard');
  assert.equal(refusedProfileUrl('https://profiles.example.com/.well-known/openstack/api'), undefined);
  assert.match(refusedProfileUrl('http://profiles.example.com/x') ?? '', /only over https/);
  assert.match(refusedProfileUrl('http://profiles.example.com/x', true) ?? '', /only over https/, 'the allowance is for private addresses only');
  for (const host of ['127.0.0.1', 'localhost', '[::1]', '169.254.169.254', '10.1.2.3', '172.20.0.1', '192.168.1.1', '[fe80::1]', '[fd00::1]', '[::ffff:127.0.0.1]', '0.0.0.0', '100.64.0.1']) {
    assert.match(refusedProfileUrl(`https://${host}/x`) ?? '', /loopback, link-local or private/, host);
    assert.equal(refusedProfileUrl(`http://${host}/x`, true), undefined, host);
  }
  assert.equal(isPrivateAddress('8.8.8.8'), false);
  assert.equal(isPrivateAddress('2001:db8::1'), false);
});

test('remote profile over https, as the CLI and the editor fetch it (SourceHttp\'s one-hop GET): verified with the CA bundle openstacksdk would use (REQUESTS_CA_BUNDLE), directly and through the environment\'s proxy; Node\'s fetch alone knows neither', async () => {
  const material = makeTlsMaterial();
  const profile = { name: 'private-ca', profile: { auth: { auth_url: 'https://keystone.private.example/v3' } } };
  const srv = https.createServer({ key: material.key, cert: material.cert }, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(profile)));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  const proxy = await startForwardProxy({ tunnels: true });
  const restoreEnvironment = unsetEnvironment(['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy']);
  const authUrl = async (proxySettings?: { httpsProxy: string }) => {
    const sourceHttp = new SourceHttp({ timeoutMs: 5000, proxy: proxySettings });
    try {
      const resolved = await fetchRemoteProfilesAndResolve(loadedFor(url), { profiles: new RemoteProfileCache(), timeoutMs: 5000, allowPrivateAddresses: true, get: sourceHttp.getOnce });
      return String(resolved.regions[0]?.config.auth.auth_url ?? resolved.problems.map((p) => p.message).join('; '));
    } finally {
      await sourceHttp.close();
    }
  };
  try {
    process.env.REQUESTS_CA_BUNDLE = material.caFile;
    assert.equal(await authUrl(), 'https://keystone.private.example/v3');
    assert.equal(await authUrl({ httpsProxy: proxy.url }), 'https://keystone.private.example/v3');
    assert.deepEqual(proxy.lines, [`CONNECT ${new URL(url).host}`], 'the second went through the proxy\'s tunnel');
    const byNodeFetch = await fetchRemoteProfilesAndResolve(loadedFor(url), { profiles: new RemoteProfileCache(), timeoutMs: 5000, allowPrivateAddresses: true });
    assert.match(byNodeFetch.problems.map((p) => p.message).join('; '), /could not be fetched/, 'Node\'s fetch does not know the private CA');
    process.env.REQUESTS_CA_BUNDLE = material.otherCaFile;
    assert.match(await authUrl(), /could not be fetched from .*(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|unable to verify)/i);
  } finally {
    restoreEnvironment();
    proxy.close();
    srv.closeAllConnections();
    srv.close();
    material.remove();
  }
});

test('remote profile: a private address is refused when connecting too, so a name that resolves to a public address for the check and to the LAN a moment later (DNS rebinding) gets nothing', async () => {
  // rebind.example resolves only through this resolver, which is what the connection uses: with
  // the guard's allowance the request arrives (so the connection was made through the lookup),
  // without it nothing is sent.
  const srv = await server((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: 'lan', profile: {} })));
  const port = new URL(srv.url).port;
  const lookups: string[] = [];
  const resolve = async (host: string) => {
    lookups.push(host);
    return [{ address: '127.0.0.1', family: 4 }];
  };
  const viaGuard = async (lookup: ReturnType<typeof guardedLookup> | undefined) => {
    const sourceHttp = new SourceHttp({ timeoutMs: 2000, proxy: undefined, lookup });
    try {
      const answer = await sourceHttp.getOnce(`http://rebind.example:${port}/.well-known/openstack/api`, AbortSignal.timeout(2000));
      answer.body.resume();
      return `HTTP ${answer.status}`;
    } catch (e) {
      return (e as Error).message;
    } finally {
      await sourceHttp.close();
    }
  };
  try {
    assert.equal(await viaGuard(guardedLookup(resolve)), 'rebind.example resolves to 127.0.0.1, a loopback, link-local or private address');
    assert.equal(srv.hits(), 0, 'nothing was sent');
    const unguarded: ReturnType<typeof guardedLookup> = (host, options, callback) => void resolve(host).then((all) => (options.all ? callback(null, all) : callback(null, all[0]!.address, 4)));
    assert.equal(await viaGuard(unguarded), 'HTTP 200');
    assert.equal(srv.hits(), 1, 'the connection is made to what the lookup answers');
    assert.deepEqual(lookups, ['rebind.example', 'rebind.example']);
  } finally {
    srv.close();
  }
});
