// The CAs a cloud is verified with when clouds.yaml names no bundle, against Python requests
// itself (Debian's /usr/bin/python3, what keystoneauth and openstacksdk send their requests with):
// for each environment (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, empty values, SSL_CERT_FILE, a missing
// file) and clouds.yaml line, our Session and `requests.get` against the same loopback HTTPS
// Keystone (a private CA made at test time) must both connect, both refuse the certificate, or
// both refuse to start for an unreadable bundle; likewise for a CA directory as `cacert`. One deliberate difference, NODE_EXTRA_CA_CERTS
// (Node's own variable, which requests does not read), is tested on its own below.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { readTlsFiles } from '../../extension/openstack/http/tls';
import { DISTRIBUTION_CA_BUNDLES, defaultCaBundle } from '../../extension/openstack/http/trustStore';
import { directAgent, dispatch, lazyTlsConnector } from '../../extension/openstack/http/undici';
import { tryTlsCloud, useTlsCloud, type TlsOutcome as Outcome } from '../support/tlsServer';
import { ensureOpenstacksdk, PYTHON } from '../support/differential';
import { withEnvironment } from '../support/environment';

const run = promisify(execFile);
const VARIABLES = ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'SSL_CERT_FILE', 'NODE_EXTRA_CA_CERTS'];

const world = useTlsCloud(VARIABLES);

/** Our Session on the one-cloud clouds.yaml with this TLS line, with exactly these variables set. */
async function ours(env: Record<string, string>, tlsLine: string): Promise<{ outcome: Outcome; message?: string }> {
  const { outcome, error } = await withEnvironment(VARIABLES, env, () => tryTlsCloud(world.cloud(), tlsLine, world.material().dir));
  return { outcome, message: error?.message };
}

/**
 * What requests does with the same environment: `verify` is requests.get's argument for the
 * clouds.yaml line. Asynchronous: the loopback Keystone answers from this process.
 */
async function theirs(env: Record<string, string>, verify: 'default' | 'false' | string): Promise<Outcome> {
  const script = `import sys, requests
verify = {'default': True, 'false': False}.get(sys.argv[2], sys.argv[2])
try:
    requests.get(sys.argv[1], verify=verify, timeout=10)
    print('connects')
except requests.exceptions.SSLError:
    print('untrusted')
except OSError as e:  # "Could not find a suitable TLS CA certificate bundle, invalid path"
    print('unreadable' if 'CA certificate bundle' in str(e) else f'other: {e}')`;
  const { stdout } = await run(PYTHON, ['-c', script, `${world.cloud().url}/v3`, verify], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  return stdout.trim() as Outcome;
}

describe('the CAs of a cloud whose clouds.yaml names none: as requests (openstacksdk) chooses them', () => {
  before(() => ensureOpenstacksdk());
  const missing = () => path.join(world.material().dir, 'missing.pem');
  const cases: [name: string, env: () => Record<string, string>, line: () => string, verify: () => string, expected: Outcome][] = [
    ['no variable: the system\'s bundle, which lacks the private CA', () => ({}), () => 'verify: true', () => 'default', 'untrusted'],
    ['REQUESTS_CA_BUNDLE names the private CA', () => ({ REQUESTS_CA_BUNDLE: world.material().caFile }), () => 'verify: true', () => 'default', 'connects'],
    ['CURL_CA_BUNDLE names the private CA', () => ({ CURL_CA_BUNDLE: world.material().caFile }), () => 'interface: public', () => 'default', 'connects'],
    ['REQUESTS_CA_BUNDLE beats CURL_CA_BUNDLE', () => ({ REQUESTS_CA_BUNDLE: world.material().otherCaFile, CURL_CA_BUNDLE: world.material().caFile }), () => 'verify: true', () => 'default', 'untrusted'],
    ['an empty REQUESTS_CA_BUNDLE counts as unset', () => ({ REQUESTS_CA_BUNDLE: '', CURL_CA_BUNDLE: world.material().caFile }), () => 'verify: true', () => 'default', 'connects'],
    ['SSL_CERT_FILE is not read (requests hands OpenSSL its own bundle)', () => ({ SSL_CERT_FILE: world.material().caFile }), () => 'verify: true', () => 'default', 'untrusted'],
    ['a REQUESTS_CA_BUNDLE that does not exist: nothing is sent', () => ({ REQUESTS_CA_BUNDLE: missing() }), () => 'verify: true', () => 'default', 'unreadable'],
    ['cacert beats REQUESTS_CA_BUNDLE', () => ({ REQUESTS_CA_BUNDLE: world.material().caFile }), () => `cacert: ${world.material().otherCaFile}`, () => world.material().otherCaFile, 'untrusted'],
    ['cacert is used with REQUESTS_CA_BUNDLE set elsewhere', () => ({ REQUESTS_CA_BUNDLE: world.material().otherCaFile }), () => `cacert: ${world.material().caFile}`, () => world.material().caFile, 'connects'],
    ['cacert: a CA directory (c_rehash\'d): OpenSSL finds the CA by its subject hash', () => ({}), () => `cacert: ${world.material().hashedCaDir}`, () => world.material().hashedCaDir, 'connects'],
    ['cacert: a CA directory whose file is not named by its hash: OpenSSL never finds it', () => ({}), () => `cacert: ${world.material().unhashedCaDir}`, () => world.material().unhashedCaDir, 'untrusted'],
    ['verify: false ignores a missing REQUESTS_CA_BUNDLE', () => ({ REQUESTS_CA_BUNDLE: missing() }), () => 'verify: false', () => 'false', 'connects'],
  ];
  for (const [name, env, line, verify, expected] of cases) {
    test(name, async () => {
      const got = await ours(env(), line());
      assert.equal(await theirs(env(), verify()), expected, 'requests');
      assert.equal(got.outcome, expected, got.message);
      assert.doesNotMatch(got.message ?? '', /canary-Pa55word/);
    });
  }

  test('the errors name the bundle and what chose it', async () => {
    const chosen = await ours({ REQUESTS_CA_BUNDLE: world.material().otherCaFile }, 'verify: true');
    assert.match(chosen.message!, new RegExp(`not trusted, it is not signed by the CA bundle ${world.material().otherCaFile.replace(/[.]/g, '\\.')} \\(REQUESTS_CA_BUNDLE in the environment\\): set cacert to the CA bundle of this cloud in clouds\\.yaml`));
    const unreadable = await ours({ CURL_CA_BUNDLE: missing() }, 'verify: true');
    assert.match(unreadable.message!, new RegExp(`^tls-cloud/RegionOne: cannot read the CA bundle ${missing().replace(/[.]/g, '\\.')} \\(CURL_CA_BUNDLE in the environment\\): ENOENT`));
    const system = defaultCaBundle({});
    const plain = await ours({}, 'verify: true');
    assert.match(plain.message!, system
      ? new RegExp(`it is not signed by the system's CA bundle ${system.path.replace(/[.]/g, '\\.')}: set cacert`)
      : /it is not signed by a CA of Node's list \(Mozilla's, as certifi's\): set cacert/);
  });

  test('NODE_EXTRA_CA_CERTS adds to the system\'s bundle as it adds to Node\'s list (requests does not read it)', { skip: !defaultCaBundle({}) && 'no distribution CA bundle on this machine' }, async () => {
    const extended = await ours({ NODE_EXTRA_CA_CERTS: world.material().caFile }, 'verify: true');
    assert.equal(extended.outcome, 'connects', extended.message);
    const other = await ours({ NODE_EXTRA_CA_CERTS: world.material().otherCaFile }, 'verify: true');
    assert.match(other.message!, new RegExp(`\\(with ${world.material().otherCaFile.replace(/[.]/g, '\\.')} from NODE_EXTRA_CA_CERTS\\)`));
    assert.equal((await ours({ NODE_EXTRA_CA_CERTS: missing() }, 'verify: true')).outcome, 'untrusted', 'an unreadable one is skipped, as by Node');
    assert.equal((await ours({ NODE_EXTRA_CA_CERTS: world.material().caFile, REQUESTS_CA_BUNDLE: world.material().otherCaFile }, 'verify: true')).outcome, 'untrusted',
      'a bundle requests would use is used alone');
  });
  test('the bundle is parsed once and its TLS context shared by every cloud without a client certificate', () => {
    const bundle = path.join(world.material().dir, 'shared-ca.pem');
    fs.copyFileSync(world.material().caFile, bundle);
    const env = { REQUESTS_CA_BUNDLE: bundle };
    const first = readTlsFiles({ verify: true }, env).context()?.secureContext;
    assert.ok(first);
    assert.equal(readTlsFiles({ verify: true }, env).context()?.secureContext, first, 'one context for both');
    fs.appendFileSync(bundle, '\n');
    assert.notEqual(readTlsFiles({ verify: true }, env).context()?.secureContext, first, 'a changed bundle is read again');
  });

  test('VS Code\'s tls.connect patch does not add the system\'s certificates to a cacert bundle', async () => {
    // A test double of @vscode/proxy-agent's patchTlsConnect (`http.systemCertificates`): for a
    // connection given no `ca`, it adds its certificates into the connection's secureContext.
    // Here "the system's certificates" are the CA that signed the cloud.
    const systemCertificate = fs.readFileSync(world.material().caFile, 'utf8');
    const original = tls.connect;
    let patched = 0;
    (tls as { connect: unknown }).connect = function (this: unknown, ...args: Parameters<typeof tls.connect>) {
      const options = args.find((a) => a && typeof a === 'object') as tls.ConnectionOptions | undefined;
      if (options && !options.ca && options.secureContext) {
        patched++;
        options.secureContext.context.addCACert(systemCertificate);
      }
      return (original as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
    };
    try {
      const named = await ours({}, `cacert: ${world.material().otherCaFile}`);
      assert.equal(named.outcome, 'untrusted', 'cacert verifies with that bundle only, as in requests');
      const chosen = await ours({ REQUESTS_CA_BUNDLE: world.material().otherCaFile }, 'verify: true');
      assert.equal(chosen.outcome, 'untrusted', 'and so does the bundle REQUESTS_CA_BUNDLE names');
      assert.equal(patched, 0, 'the patch saw ca with every context of ours');
    } finally {
      (tls as { connect: unknown }).connect = original;
    }
  });

  test('a cloud\'s CAs are parsed on its first https connection, never for plain http', async () => {
    let made = 0;
    const files = readTlsFiles({ verify: true, cacert: world.material().caFile });
    const connector = lazyTlsConnector({ timeout: 5000, rejectUnauthorized: true }, () => (made++, files.context()));
    const plain = http.createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const agent = directAgent({ connect: connector });
    try {
      const ask = async (url: string) => (await dispatch(agent, { origin: new URL(url).origin, path: '/v3', method: 'GET', reset: true })).body.text();
      await ask(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/v3`);
      assert.equal(made, 0, 'no context for http');
      await ask(`${world.cloud().url}/v3`);
      await ask(`${world.cloud().url}/v3`);
      assert.equal(made, 1, 'one context for every https connection');
    } finally {
      await agent.close();
      plain.close();
    }
  });
});

describe('the default bundle', () => {
  test('REQUESTS_CA_BUNDLE, then CURL_CA_BUNDLE, then the first distribution bundle there is; none off Linux', () => {
    const all = () => true;
    assert.deepEqual(defaultCaBundle({ REQUESTS_CA_BUNDLE: '/a', CURL_CA_BUNDLE: '/b' }, 'linux', all), { path: '/a', from: 'REQUESTS_CA_BUNDLE' });
    assert.deepEqual(defaultCaBundle({ REQUESTS_CA_BUNDLE: '', CURL_CA_BUNDLE: '/b' }, 'darwin', all), { path: '/b', from: 'CURL_CA_BUNDLE' });
    const fedora = '/etc/pki/tls/certs/ca-bundle.crt';
    assert.deepEqual(defaultCaBundle({}, 'linux', (f) => f === fedora || f === '/etc/ssl/cert.pem'), { path: fedora, from: 'system' });
    assert.equal(defaultCaBundle({}, 'linux', () => false), undefined);
    assert.equal(defaultCaBundle({}, 'darwin', all), undefined);
    assert.equal(defaultCaBundle({}, 'win32', all), undefined);
  });

  test('on this machine, the bundle Debian\'s certifi gives requests is ours', () => {
    ensureOpenstacksdk();
    const r = spawnSync(PYTHON, ['-c', 'import certifi; print(certifi.where())'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    assert.equal(r.status, 0, r.stderr);
    const certifi = r.stdout.trim();
    assert.ok(DISTRIBUTION_CA_BUNDLES.includes(certifi), `certifi gives ${certifi}`);
    assert.equal(defaultCaBundle({})?.path, fs.existsSync(certifi) ? certifi : undefined);
  });

});
