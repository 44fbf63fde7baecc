// A secret kept in SecretStorage is bound to cloud name, auth option, auth_url, user and TLS
// verification: a clouds.yaml that changes any of them gets another storage key, so it never
// receives the stored secret without asking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { CloudRegion } from '../../extension/config/index';
import { secretIdentity } from '../../extension/ui/explorer/secretBinding';

function region(config: Record<string, unknown>, name = 'prod'): CloudRegion {
  return {
    name, region_name: 'R1', force_ipv4: false, missing_secrets: ['password'],
    config: { auth_type: 'password', auth: { auth_url: 'https://keystone.example.com/v3', username: 'alice' }, verify: true, cacert: null, ...config },
  } as unknown as CloudRegion;
}

const key = (config: Record<string, unknown>, name?: string) => secretIdentity(region(config, name), 'password', '/home/u').storageKey;

test('the storage key changes with the name, auth_url and user', () => {
  const base = key({});
  assert.notEqual(key({}, 'other'), base);
  assert.notEqual(key({ auth: { auth_url: 'https://evil.example.com/v3', username: 'alice' } }), base);
  assert.notEqual(key({ auth: { auth_url: 'https://keystone.example.com/v3', username: 'bob' } }), base);
});

test('the storage key changes when verification is turned off or another CA bundle verifies', () => {
  const base = key({});
  const variants = [{ verify: false }, { verify: 'no' }, { cacert: '/etc/ssl/other.pem' }, { cacert: '~/ca.pem' }, { verify: '/etc/ssl/ca.pem' }];
  const keys = variants.map((v) => key(v));
  for (const [i, k] of keys.entries()) assert.notEqual(k, base, JSON.stringify(variants[i]));
  assert.notEqual(key({ insecure: true }), base);
  assert.equal(new Set(keys).size, keys.length, 'each TLS setting has its own key');
  assert.equal(key({ verify: false }), key({ insecure: true }), 'off is off, however it is spelled');
  assert.equal(key({ cacert: '~/ca.pem' }), key({ cacert: '/home/u/ca.pem' }), '~ is expanded before binding');
});

test('a cloud verified with the system CAs keeps the key it had before the binding included TLS', () => {
  const legacy = crypto.createHash('sha256').update(JSON.stringify(['prod', 'password', 'https://keystone.example.com/v3', 'alice'])).digest('hex').slice(0, 32);
  assert.equal(key({}), `openstack.secret.${legacy}`);
  assert.equal(key({ verify: true }), key({ verify: null }));
  assert.equal(secretIdentity(region({ cacert: '/ca.pem' }), 'password').tls, 'CA bundle /ca.pem');
});
