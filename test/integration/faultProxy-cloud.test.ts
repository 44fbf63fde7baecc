// The fault proxy in front of the real test cloud, driven by python-openstackclient: the
// traffic of a cloud really goes through the proxies (catalog rewritten in keystone's
// token response), and a fault shows up as the client's own behaviour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { oscJson, OscError } from '../support/osc';
import { ProxiedCloud } from '../support/proxiedCloud';
import { testCloud } from '../support/testCloud';

const CLOUD = 'local-password';
let dir = '';
let cloud: ProxiedCloud;
const images = () => oscJson<{ Name: string }[]>(cloud.cloudsYaml, CLOUD, ['image', 'list']);

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxied-'));
  cloud = await ProxiedCloud.start(testCloud().cloudsYaml, CLOUD, dir);
});
after(async () => {
  await cloud?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('all of a cloud\'s traffic goes through the proxies: keystone\'s and the catalog\'s', async () => {
  const list = await images();
  assert.ok(list.some((i) => i.Name === testCloud().clouds[CLOUD].image));
  assert.ok(cloud.identity.requests.some((r) => r.method === 'POST' && r.path === '/v3/auth/tokens' && r.status === 201));
  const glance = cloud.service('image');
  assert.ok(glance.requests.some((r) => r.method === 'GET' && r.path.startsWith('/v2/images') && r.status === 200));
  assert.notEqual(glance, cloud.identity);
});

test('a 401 from glance makes the client authenticate again and retry', async () => {
  const tokensBefore = cloud.identity.requests.filter((r) => r.path === '/v3/auth/tokens' && r.method === 'POST').length;
  const glance = cloud.service('image');
  const seen = glance.requests.length;
  const rule = glance.unauthorizedOnce({ method: 'GET', path: /^\/v2\/images/ });
  await images();
  assert.equal(rule.hits, 1);
  const gets = glance.requests.slice(seen).filter((r) => r.path.startsWith('/v2/images'));
  assert.deepEqual(gets.map((r) => r.status), [401, 200]);
  assert.notEqual(gets[0].token, gets[1].token, 'the retry carries a new token');
  const tokensAfter = cloud.identity.requests.filter((r) => r.path === '/v3/auth/tokens' && r.method === 'POST').length;
  assert.ok(tokensAfter > tokensBefore, 'a new token was requested from keystone');
});

test('a 503 once is retried by the client; a 500 always reaches the user as an error', async () => {
  const glance = cloud.service('image');
  glance.respondWith({ method: 'GET', path: /^\/v2\/images/ }, 503, 'once');
  await images();
  glance.respondWith({ method: 'GET', path: /^\/v2\/images/ }, 500, 'always');
  try {
    await assert.rejects(images(), (e: unknown) => e instanceof OscError && /500/.test(e.stderr));
  } finally {
    glance.clearFaults();
  }
});
