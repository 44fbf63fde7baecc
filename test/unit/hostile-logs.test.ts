// Secrets never reach the debug log or an error: a URL's user:password, a TOTP passcode a cloud
// echoes back, short passwords. Short secrets are masked where they stand as a whole word, so
// ordinary log text (statuses, durations, words that contain them) stays readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from '../../extension/openstack/session';
import { OpenStackError } from '../../extension/openstack/errors';
import { redactText } from '../../extension/config/secrets';
import { collect } from '../../extension/openstack/services/paging';
import { listImages } from '../../extension/openstack/services/image';
import { json } from '../support/fakeCloud';
import { HostileCloud } from '../support/hostileCloud';

test('redactText: short secrets are masked as whole words only, long ones anywhere, URL user info always', () => {
  assert.equal(redactText('user abc logged in', ['abc']), 'user *** logged in');
  assert.equal(redactText('http://u:abc@h/x', ['abc']), 'http://***@h/x');
  assert.equal(redactText('cabbage abcdef xabc', ['abc']), 'cabbage abcdef xabc');
  assert.equal(redactText('The TOTP 123456 is wrong; took 1234567 ms', ['123456']), 'The TOTP *** is wrong; took 1234567 ms');
  assert.equal(redactText('GET /v2/images -> 200 (12 ms)', ['x', '7']), 'GET /v2/images -> 200 (12 ms)');
  assert.equal(redactText('the secret is inside:xxlong-Secret-valuexx', ['long-Secret-value']), 'the secret is inside:xx***xx');
  assert.equal(redactText('see https://alice:wonder@keystone:5000/v3 now'), 'see https://***@keystone:5000/v3 now');
  assert.equal(redactText('x p.w$d y', ['p.w$d']), 'x *** y', 'regular-expression characters are literal');
});

test('the debug log never shows the user:password of a URL', async () => {
  const cloud = await new HostileCloud().start();
  const region = cloud.region();
  (region.config.auth as Record<string, unknown>).auth_url = `${cloud.url.replace('//', '//someone:Pw9@')}/v3`;
  cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => json(res, 200, { images: [] }));
  const log: string[] = [];
  const session = new Session(region, { log: (l) => log.push(l) });
  try {
    await collect(listImages(session));
    assert.ok(log.some((l) => l.includes('/v3/auth/tokens')), log.join('\n'));
    assert.ok(!log.some((l) => l.includes('Pw9') || l.includes('someone:')), log.join('\n'));
  } finally {
    await session.close();
    await cloud.stop();
  }
});

test('a TOTP passcode the cloud echoes back is masked in the error and the log', async () => {
  const cloud = await new HostileCloud().start();
  cloud.on('POST', /^\/v3\/auth\/tokens$/, (_q, res) => json(res, 401, { error: { code: 401, message: 'The TOTP 402913 is not valid for user demo' } }));
  const region = cloud.region({ auth_type: 'v3multifactor' });
  (region.config.auth as Record<string, unknown>).auth_methods = ['v3password', 'v3totp'];
  const log: string[] = [];
  const session = new Session(region, { log: (l) => log.push(l), hooks: { askPasscode: async () => '402913' } });
  try {
    await assert.rejects(session.token(), (e: OpenStackError) => {
      assert.equal(e.status, 401);
      assert.match(e.message, /The TOTP \*\*\* is not valid/);
      return true;
    });
    assert.ok(!log.join('\n').includes('402913'));
    assert.ok(session.secrets().includes('402913'), 'the passcode is a secret of the session');
  } finally {
    await session.close();
    await cloud.stop();
  }
});
