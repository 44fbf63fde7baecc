// Where the token may go and how body URLs are rebased (extension/openstack/http/origins.ts),
// with keystoneauth's `_combine_relative_url` (discover.py) as the reference for discovery links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rebaseOntoEndpoint, resolveBodyUrl, TokenOrigins } from '../../extension/openstack/http/origins';
import { PYTHON } from '../support/differential';

test('the allowed set compares scheme, host and port', () => {
  const origins = new TokenOrigins();
  origins.add('https://cloud.example:5000/v3');
  assert.ok(origins.allows('https://cloud.example:5000/v2.0/anything'));
  assert.ok(!origins.allows('http://cloud.example:5000/v3'), 'another scheme');
  assert.ok(!origins.allows('https://cloud.example:5001/v3'), 'another port');
  assert.ok(!origins.allows('https://cloud.example.evil:5000/v3'), 'another host');
  assert.ok(!origins.allows('not a url'));
});

test('paging links: same origin as given, paths aligned with the endpoint, other origins rebased', () => {
  const compute = 'https://cloud.example/compute/v2.1';
  assert.deepEqual(resolveBodyUrl('https://cloud.example/compute/v2.1/servers?marker=1', compute), { url: 'https://cloud.example/compute/v2.1/servers?marker=1', rebased: false });
  assert.deepEqual(resolveBodyUrl('http://10.0.0.5:8774/v2.1/servers/detail?marker=1', compute), { url: 'https://cloud.example/compute/v2.1/servers/detail?marker=1', rebased: true });
  assert.deepEqual(resolveBodyUrl('//evil.example/v2.1/servers', compute), { url: 'https://cloud.example/compute/v2.1/servers', rebased: true });
  assert.deepEqual(resolveBodyUrl('http://cloud.example/compute/v2.1/servers', compute), { url: 'https://cloud.example/compute/v2.1/servers', rebased: true }, 'a downgrade to http is another origin');
  assert.deepEqual(resolveBodyUrl('/v2/images?marker=a', 'https://cloud.example/image/v2'), { url: 'https://cloud.example/image/v2/images?marker=a', rebased: false });
  assert.deepEqual(resolveBodyUrl('/v2/images?marker=a', 'http://cloud.example:9292/v2'), { url: 'http://cloud.example:9292/v2/images?marker=a', rebased: false });
  assert.equal(rebaseOntoEndpoint('http://u:p@evil.example/v2/images#x', 'https://cloud.example/image/v2'), 'https://cloud.example/image/v2/images');
});

// keystoneauth's rule for discovery links, run by keystoneauth itself (one process for all cases).
function keystoneauth(cases: [string, string][]): string[] {
  const code = 'import sys, json; from keystoneauth1 import discover; print(json.dumps([discover._combine_relative_url(d, h) for d, h in json.loads(sys.argv[1])]))';
  return JSON.parse(execFileSync(PYTHON, ['-c', code, JSON.stringify(cases)], { encoding: 'utf8' }));
}

test('discovery `self` links on another origin land where keystoneauth puts them', () => {
  const cases: [string, string][] = [
    ['https://cloud.example/identity', 'http://10.0.0.1:5000/v3/'],
    ['https://cloud.example/identity/', 'http://10.0.0.1:5000/v3'],
    ['https://cloud.example:5000', 'http://10.0.0.1:5000/v3/'],
    ['https://cloud.example/image', 'http://internal:9292/v2/'],
    ['https://cloud.example/network', 'http://internal:9696/v2.0/'],
    ['https://cloud.example/identity/v3', 'http://internal/v3/'],
    ['https://cloud.example:9292/', 'http://internal:9292/v2/'],
    ['https://cloud.example/v2', 'http://internal/v2/'],
  ];
  const reference = keystoneauth(cases);
  cases.forEach(([discovery, href], i) => {
    const ours = resolveBodyUrl(href, discovery);
    assert.ok(ours.rebased, `${href} is on another origin`);
    assert.equal(ours.url, reference[i], `${discovery} + ${href}`);
  });
});
