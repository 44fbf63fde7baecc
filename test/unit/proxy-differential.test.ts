// The proxy environment as keystoneauth and openstacksdk read it, against Python requests' own
// code (Debian's /usr/bin/python3, the requests that openstacksdk uses), case by case: which
// variable serves which URL (`proxySettings` against `get_environ_proxies` + `select_proxy`) and
// NO_PROXY (`noProxyMatcher` against `should_bypass_proxies`). Where requests has a quirk that curl
// does not share, we follow curl; each such case is listed with its reason and checked to still
// be a difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { noProxyMatcher, proxySettings } from '../../extension/openstack/http/proxySettings';
import { ensureOpenstacksdk, PYTHON } from '../support/differential';

const CASES: [url: string, noProxy: string][] = [
  ['http://10.1.2.3:5000/v3', '10.0.0.0/8'],
  ['https://10.1.2.3:13000/v3', 'proxy.corp, 192.168.0.0/16,10.0.0.0/8'],
  ['http://11.1.2.3:5000/v3', '10.0.0.0/8'],
  ['http://192.168.10.9/', '192.168.10.0/24'],
  ['http://192.168.11.9/', '192.168.10.0/24'],
  ['http://10.1.2.3/', '10.1.2.3'],
  ['http://10.1.2.3/', '10.1.2'],
  ['http://10.1.2.3/', '10.0.0.0/33'],
  ['http://10.1.2.3/', 'cloud.example.com'],
  ['https://cloud.example.com:13000/v3', 'example.com'],
  ['https://cloud.example.com/', '.example.com'],
  ['https://example.com/', 'example.com'],
  ['https://EXAMPLE.com/', 'example.COM'],
  ['https://example.org/', 'example.com'],
  ['http://example.com:8080/', 'example.com:8080'],
  ['http://example.com:8081/', 'example.com:8080'],
  ['http://x.org/', '*'],
  ['http://x.org/', 'a, x.org'],
  ['http://x.org/', ''],
  ['http://x.org/', ' , '],
  ['http://[::1]:5000/', '::1'],
  ['http://localhost:5000/', 'localhost,127.0.0.1'],
  ['http://127.0.0.1:5000/', 'localhost'],
];

/** Deliberate differences: requests' answer, ours, and why. */
const DIFFERENCES: Record<string, { requests: boolean; ours: boolean; reason: string }> = {
  'http://badexample.com/|example.com': { requests: true, ours: false, reason: 'requests matches a bare string suffix; curl and undici only the name and its subdomains' },
  'http://[fd00::1]:5000/|::1': { requests: true, ours: false, reason: 'the same bare suffix: fd00::1 ends with ::1; curl compares addresses' },
  'https://a.example.com/|*.example.com': { requests: false, ours: true, reason: 'undici (our reading before) and many tools take *.domain as .domain' },
  'http://[fd00::1]:5000/|fd00::/8': { requests: false, ours: true, reason: 'requests knows IPv4 CIDR blocks only; curl knows IPv6 ones too' },
  'http://example.com/|example.com:80': { requests: false, ours: true, reason: 'requests compares host:port only when the URL spells its port; undici takes the default port' },
  'http://x.org/|a x.org': { requests: false, ours: true, reason: 'requests splits on commas only; curl and undici on blanks too' },
};

function requestsAnswers(cases: [string, string][]): boolean[] {
  const script = 'import sys, json, requests.utils as u\nprint(json.dumps([bool(u.should_bypass_proxies(url, np)) for url, np in json.load(sys.stdin)]))';
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as boolean[];
}

test('NO_PROXY: ours equals requests (keystoneauth, openstacksdk) on every case but the listed ones', () => {
  ensureOpenstacksdk();
  const differing = Object.keys(DIFFERENCES).map((k) => k.split('|') as [string, string]);
  const all = [...CASES, ...differing];
  const theirs = requestsAnswers(all);
  all.forEach(([url, noProxy], i) => {
    const key = `${url}|${noProxy}`;
    const ours = noProxyMatcher(noProxy)(new URL(url));
    const expected = DIFFERENCES[key];
    if (expected) {
      assert.equal(theirs[i], expected.requests, `${key}: requests changed its answer (${expected.reason})`);
      assert.equal(ours, expected.ours, `${key}: ours (${expected.reason})`);
    } else {
      assert.equal(ours, theirs[i], `${key}: requests says ${theirs[i]}, ours ${ours}`);
    }
  });
});

const ENVIRONMENTS: Record<string, string>[] = [
  {},
  { HTTP_PROXY: 'http://h:3128' },
  { HTTPS_PROXY: 'http://s:3128' },
  { http_proxy: 'http://h:3128', https_proxy: 'http://s:3128' },
  { ALL_PROXY: 'http://a:3128' },
  { HTTP_PROXY: 'http://h:3128', all_proxy: 'http://a:3128' },
  { http_proxy: 'http://lower:3128', HTTP_PROXY: 'http://upper:3128' },
  { https_proxy: '', HTTPS_PROXY: 'http://upper:3128' },
  { HTTPS_PROXY: 'http://s:3128', NO_PROXY: '10.0.0.0/8,.example.com' },
  { HTTPS_PROXY: 'http://s:3128', no_proxy: '', NO_PROXY: 'x.org' },
  { HTTP_PROXY: 'http://h:3128', HTTPS_PROXY: 'http://s:3128', no_proxy: 'localhost', NO_PROXY: 'x.org' },
  { ALL_PROXY: 'http://a:3128', NO_PROXY: '*' },
];
const URLS = ['http://x.org/', 'https://x.org/', 'https://10.1.2.3:5000/v3', 'https://cloud.example.com:13000/', 'http://localhost:5000/'];

/** The proxy each URL is sent through under each environment, by requests. */
function requestsSelections(): (string | null)[][] {
  const script = [
    'import sys, os, json, requests.utils as u',
    'envs, urls = json.load(sys.stdin)',
    'out = []',
    'for env in envs:',
    '    for k in [k for k in os.environ if k.lower().endswith("_proxy")]: del os.environ[k]',
    '    os.environ.update(env)',
    '    out.append([u.select_proxy(url, u.get_environ_proxies(url)) for url in urls])',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify([ENVIRONMENTS, URLS]), encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as (string | null)[][];
}

function ourSelection(env: Record<string, string>, url: string): string | null {
  const settings = proxySettings(env);
  const target = new URL(url);
  const proxy = target.protocol === 'https:' ? settings?.httpsProxy : settings?.httpProxy;
  return proxy && !noProxyMatcher(settings?.noProxy)(target) ? proxy : null;
}

test('proxy variables: each URL goes through the proxy requests picks (http_proxy, https_proxy, all_proxy, case, empty values, NO_PROXY)', () => {
  ensureOpenstacksdk();
  const theirs = requestsSelections();
  ENVIRONMENTS.forEach((env, i) => {
    URLS.forEach((url, j) => {
      assert.equal(ourSelection(env, url), theirs[i]![j], `${JSON.stringify(env)} ${url}`);
    });
  });
});
