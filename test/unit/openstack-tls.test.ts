// TLS means TLS: every spelling of `verify` (and `cacert`, `insecure`) written in a clouds.yaml,
// resolved by the config engine, used by the real Session against a loopback HTTPS Keystone whose
// certificate a private CA signed. Only a clearly false value (a YAML boolean false, or insecure)
// may connect without verifying; a string is a CA bundle path, as in openstacksdk/requests. The
// variables that choose the default bundle are unset here (openstack-trustStore.test.ts tests them).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLoadedConfig, resolveClouds } from '../../extension/config/index';
import { Session } from '../../extension/openstack/session';
import { OpenStackError } from '../../extension/openstack/errors';
import type { FakeCloud } from '../support/fakeCloud';
import { startTlsCloud, tryTlsCloud, useTlsCloud, type TlsOutcome as Outcome } from '../support/tlsServer';
import { defaultCaBundle } from '../../extension/openstack/http/trustStore';
import { withEnvironment } from '../support/environment';

const world = useTlsCloud(['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS']);
/** The one-cloud clouds.yaml with these TLS lines, against the world's cloud or `target`. */
const tryCloud = (tlsLines: string, target?: FakeCloud) => tryTlsCloud(target ?? world.cloud(), tlsLines, world.material().dir);

describe('verify / cacert / insecure against a self-signed TLS cloud', () => {

  const cases: [string, () => string, Outcome][] = [
    ['verify: true (system CAs)', () => 'verify: true', 'untrusted'],
    ['verify absent (default true)', () => 'interface: public', 'untrusted'],
    ['verify: yes (YAML 1.1 true)', () => 'verify: yes', 'untrusted'],
    ['verify: on (YAML 1.1 true)', () => 'verify: on', 'untrusted'],
    ['verify: false', () => 'verify: false', 'connects'],
    ['verify: no (YAML 1.1 false)', () => 'verify: no', 'connects'],
    ['verify: off (YAML 1.1 false)', () => 'verify: off', 'connects'],
    ['verify: "yes" (a string: a CA bundle path, no such file)', () => 'verify: "yes"', 'unreadable'],
    ['verify: "no" (a string: a path, never false)', () => 'verify: "no"', 'unreadable'],
    ['verify: "off" (a string: a path, never false)', () => "verify: 'off'", 'unreadable'],
    ['verify: "false" (a string: a path, never false)', () => 'verify: "false"', 'unreadable'],
    ['verify: "" (Python-false, but not clearly false: stays on)', () => 'verify: ""', 'untrusted'],
    ['verify: <the right CA> verifies with it', () => `verify: ${world.material().caFile}`, 'connects'],
    ['verify: <another CA> verifies with it, and fails', () => `verify: ${world.material().otherCaFile}`, 'untrusted'],
    ['cacert: <the right CA>', () => `cacert: ${world.material().caFile}`, 'connects'],
    ['cacert: <another CA>', () => `cacert: ${world.material().otherCaFile}`, 'untrusted'],
    ['cacert: <a missing file>', () => `cacert: ${world.material().dir}/missing.pem`, 'unreadable'],
    ['cacert: <a directory of CAs, c_rehash\'d>', () => `cacert: ${world.material().hashedCaDir}`, 'connects'],
    ['cacert: <a directory whose CA file is not named by its hash> (as OpenSSL: not found)', () => `cacert: ${world.material().unhashedCaDir}`, 'untrusted'],
    ['verify: yes with cacert: <the right CA>', () => `verify: yes\ncacert: ${world.material().caFile}`, 'connects'],
    ['verify: "yes" with cacert: <the right CA> (cacert wins)', () => `verify: "yes"\ncacert: ${world.material().caFile}`, 'connects'],
    ['verify: false beats cacert: <another CA>', () => `verify: false\ncacert: ${world.material().otherCaFile}`, 'connects'],
    ['insecure: true beats verify: true', () => 'insecure: true\nverify: true', 'connects'],
    ['insecure: "yes" is not true to openstacksdk (get_boolean): verification stays on', () => `insecure: "yes"\ncacert: ${world.material().otherCaFile}`, 'untrusted'],
    ['verify: null is requests\' default (system CAs), cacert ignored', () => `verify: null\ncacert: ${world.material().caFile}`, 'untrusted'],
  ];
  for (const [name, lines, expected] of cases) {
    test(name, async () => {
      const { outcome, error } = await tryCloud(lines());
      assert.equal(outcome, expected, error?.message);
      if (error) assert.match(error.message, /^tls-cloud\/RegionOne: /, 'the error names the cloud');
    });
  }

  test('an untrusted certificate names the cloud and tells to set cacert; a wrong bundle is named', async () => {
    const system = await tryCloud('verify: true');
    const bundle = defaultCaBundle();
    const signers = bundle ? `the system's CA bundle ${bundle.path.replace(/[.]/g, '\\.')}` : "a CA of Node's list \\(Mozilla's, as certifi's\\)";
    assert.match(system.error!.message, new RegExp(`^tls-cloud/RegionOne: TLS: .*not signed by ${signers}: set cacert to the CA bundle of this cloud`));
    const other = await tryCloud(`cacert: ${world.material().otherCaFile}`);
    assert.match(other.error!.message, new RegExp(`not signed by the CA bundle ${world.material().otherCaFile.replace(/[.]/g, '\\.')} \\(cacert in clouds\\.yaml\\)`));
  });

  test('an unreadable CA bundle names the key that named it', async () => {
    const { error } = await tryCloud('verify: "yes"');
    assert.match(error!.message, /^tls-cloud\/RegionOne: cannot read the CA bundle yes \(verify in clouds\.yaml\): ENOENT/);
  });
});

describe('cert / key: a client certificate for a cloud that asks for one', () => {
  let mutual: FakeCloud;
  before(async () => {
    mutual = await startTlsCloud(world.material(), true);
  });
  after(async () => {
    await mutual.stop();
  });
  const client = () => `cert: ${world.material().clientCertFile}\nkey: ${world.material().clientKeyFile}`;

  test('with cert and key, and the CA from cacert or from REQUESTS_CA_BUNDLE, it connects', async () => {
    const named = await tryCloud(`cacert: ${world.material().caFile}\n${client()}`, mutual);
    assert.equal(named.outcome, 'connects', named.error?.message);
    const fromEnv = await withEnvironment(['REQUESTS_CA_BUNDLE'], { REQUESTS_CA_BUNDLE: world.material().caFile }, () => tryCloud(client(), mutual));
    assert.equal(fromEnv.outcome, 'connects', fromEnv.error?.message);
  });

  test('without a client certificate the cloud refuses the connection', async () => {
    const session = new Session(resolveClouds(buildLoadedConfig([{ kind: 'clouds', path: '/w/clouds.yaml', text: `clouds:\n  c:\n    region_name: R\n    cacert: ${world.material().caFile}\n    api_timeout: 5\n    auth: {auth_url: '${mutual.url}/v3', username: u, password: p, project_name: p, user_domain_name: D, project_domain_name: D}\n` }], { cwd: undefined, env: {}, home: world.material().dir, platform: 'linux' })).regions[0]!);
    try {
      await assert.rejects(session.token(), (e: unknown) => e instanceof OpenStackError && e.kind === 'network' && !/not trusted/.test(e.message));
    } finally {
      await session.close();
    }
  });

  test('a key that is not the certificate\'s fails before anything is sent, naming both files', async () => {
    const serverKey = `${world.material().dir}/server.key`;
    const { outcome, error } = await tryCloud(`cacert: ${world.material().caFile}\ncert: ${world.material().clientCertFile}\nkey: ${serverKey}`, mutual);
    assert.equal(outcome, 'unreadable');
    assert.match(error!.message, new RegExp(`cannot use the client certificate ${world.material().clientCertFile.replace(/[.]/g, '\\.')} with the key ${serverKey.replace(/[.]/g, '\\.')} \\(cert and key in clouds\\.yaml\\)`));
  });
});
