// What an error row in the explorer says (failureExplanation), what the log gets
// (failureDetails), and which clouds.yaml key "Open in clouds.yaml" selects (offendingKey).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OpenStackError, type FailureContext } from '../../extension/openstack/errors';
import { failureDetails, failureExplanation, offendingKey } from '../../extension/ui/explorer/failureText';

const error = (summary: string, context: Partial<FailureContext> & Pick<FailureContext, 'kind'>) =>
  new OpenStackError(summary, { cloud: 'prod', region: 'RegionOne', ...context });

test('error row: the status in the user\'s words, with what to do, and the status code', () => {
  const refused = error('authentication failed', { service: 'identity', method: 'POST', url: 'https://keystone.example:5000/v3/auth/tokens', status: 401, kind: 'auth' });
  assert.equal(failureExplanation(refused, 'compute'), 'Credentials refused by the identity service (HTTP 401): enter them again or fix clouds.yaml');
  const forbidden = error('image request failed', { service: 'image', method: 'GET', url: 'https://glance.example/v2/images', status: 403, kind: 'http' });
  assert.equal(failureExplanation(forbidden, 'image'), 'Not allowed: this project\'s role may not use the image service (HTTP 403)');
  const down = error('compute request failed', { service: 'compute', status: 503, fault: 'nova is down', kind: 'http' });
  assert.equal(failureExplanation(down, 'compute'), 'The compute service failed (HTTP 503): Retry later');
  const slow = error('compute request failed', { service: 'compute', status: 429, kind: 'http' });
  assert.equal(failureExplanation(slow, 'compute'), 'The compute service asks to slow down (HTTP 429): Retry later');
  assert.equal(failureExplanation(error('timed out', { service: 'network', kind: 'timeout' }), 'network'), 'The network service did not answer in time: Retry');
  assert.equal(failureExplanation(error('ECONNREFUSED', { service: 'identity', kind: 'network' }), 'image'), 'Cannot reach the identity service: check auth_url, the network and the proxy');
});

test('error row: an unknown status keeps the service and the server\'s words; any row fits one line', () => {
  const teapot = error('image request failed', { service: 'image', status: 418, fault: 'short and stout', kind: 'http' });
  assert.equal(failureExplanation(teapot, 'image'), 'image service: HTTP 418 short and stout');
  const long = error('image request failed', { service: 'image', status: 409, fault: `conflict\n${'x'.repeat(400)}`, kind: 'http' });
  const row = failureExplanation(long, 'image');
  assert.ok(row.length <= 140, `row is ${row.length} characters`);
  assert.ok(!row.includes('\n'));
  assert.equal(failureExplanation(new Error('boom'), 'compute'), 'compute service: boom');
});

test('log: cloud, service, request, status, request id and the server\'s message, never the token', () => {
  const e = error('compute request failed', {
    service: 'compute', method: 'GET', url: 'https://nova.example/v2.1/servers?token=s3cr3t-token-value', status: 500,
    fault: 'Unexpected API Error s3cr3t-token-value', requestId: 'req-6b1c8f2e-1d2c-4a8e-9a51-0c7e5a3f9d10', kind: 'http', secrets: ['s3cr3t-token-value'],
  });
  const line = failureDetails(e, 'compute');
  for (const part of ['cloud prod/RegionOne', 'service compute', 'request GET https://nova.example/v2.1/servers', 'status 500', 'request id req-6b1c8f2e-1d2c-4a8e-9a51-0c7e5a3f9d10', 'server says: Unexpected API Error']) {
    assert.ok(line.includes(part), `${JSON.stringify(part)} missing from ${line}`);
  }
  assert.ok(!line.includes('s3cr3t-token-value'), line);
});

test('a request id that is not an id (escapes, spaces, long) is dropped, not shown', () => {
  for (const requestId of ['req-1\u001b[31m', 'req 1', 'r'.repeat(200)]) {
    const e = error('compute request failed', { service: 'compute', status: 500, requestId, kind: 'http' });
    assert.equal(e.requestId, undefined);
    assert.ok(!failureDetails(e, 'compute').includes('request id'));
  }
});

test('Open in clouds.yaml: the key most likely at fault', () => {
  assert.deepEqual(offendingKey(error('authentication failed', { service: 'identity', status: 401, kind: 'auth' })), ['auth', 'password']);
  assert.deepEqual(offendingKey(error('application credential refused', { service: 'identity', status: 401, kind: 'auth' })), ['auth', 'application_credential_secret']);
  assert.deepEqual(offendingKey(error('ECONNREFUSED', { service: 'identity', kind: 'network' })), ['auth', 'auth_url']);
  assert.deepEqual(offendingKey(error('no image endpoint in region RegionTwo', { kind: 'config' })), ['region_name']);
  assert.deepEqual(offendingKey(error('self-signed certificate in certificate chain; set cacert', { service: 'compute', kind: 'network' })), ['cacert']);
  assert.deepEqual(offendingKey(error('compute request failed', { service: 'compute', status: 500, kind: 'http' })), []);
  assert.deepEqual(offendingKey(new Error('boom')), []);
});
