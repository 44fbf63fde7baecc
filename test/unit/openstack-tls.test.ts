// TLS means TLS: every spelling of `verify` (and `cacert`, `insecure`) written in a clouds.yaml,
// resolved by the config engine, used by the real Session against a loopback HTTPS Keystone whose
// certificate a private CA signed. Only a clearly false value (a YAML boolean false, or insecure)
// may connect without verifying; a string is a CA bundle path, as in openstacksdk/requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLoadedConfig, resolveClouds } from '../../extension/config/index';
import { Session } from '../../extension/openstack/session';
import { OpenStackError } from '../../extension/openstack/errors';
import type { FakeCloud } from '../support/fakeCloud';
import { makeTlsMaterial, startTlsCloud, type TlsMaterial } from '../support/tlsServer';

type Outcome = 'connects' | 'untrusted' | 'unreadable';

let material: TlsMaterial;
let cloud: FakeCloud;

/** Resolves a one-cloud clouds.yaml whose TLS lines are `tlsLines`, and asks the session for a token. */
async function tryCloud(tlsLines: string): Promise<{ outcome: Outcome; error?: OpenStackError }> {
  const text = `clouds:\n  tls-cloud:\n    region_name: RegionOne\n    auth: {auth_url: '${cloud.url}/v3', username: u, password: canary-Pa55word, project_name: p, user_domain_name: D, project_domain_name: D}\n${tlsLines.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
  const loaded = buildLoadedConfig([{ kind: 'clouds', path: '/w/clouds.yaml', text }], { cwd: undefined, env: {}, home: material.dir, platform: 'linux' });
  const region = resolveClouds(loaded).regions[0];
  assert.ok(region, `the cloud resolves: ${JSON.stringify(resolveClouds(loaded).problems)}`);
  const session = new Session(region);
  const sentBefore = cloud.requests.length;
  try {
    await session.token();
    return { outcome: 'connects' };
  } catch (e) {
    assert.ok(e instanceof OpenStackError, String(e));
    assert.doesNotMatch(e.message, /canary-Pa55word/);
    if (e.kind === 'config') {
      assert.equal(cloud.requests.length, sentBefore, 'nothing is sent when the CA bundle cannot be read');
      return { outcome: 'unreadable', error: e };
    }
    assert.match(e.message, /TLS: the certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/, e.message);
    return { outcome: 'untrusted', error: e };
  } finally {
    await session.close();
  }
}

describe('verify / cacert / insecure against a self-signed TLS cloud', () => {
  before(async () => {
    material = makeTlsMaterial();
    cloud = await startTlsCloud(material);
  });
  after(async () => {
    await cloud.stop();
    material.remove();
  });

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
    ['verify: <the right CA> verifies with it', () => `verify: ${material.caFile}`, 'connects'],
    ['verify: <another CA> verifies with it, and fails', () => `verify: ${material.otherCaFile}`, 'untrusted'],
    ['cacert: <the right CA>', () => `cacert: ${material.caFile}`, 'connects'],
    ['cacert: <another CA>', () => `cacert: ${material.otherCaFile}`, 'untrusted'],
    ['cacert: <a missing file>', () => `cacert: ${material.dir}/missing.pem`, 'unreadable'],
    ['cacert: <a directory of CAs>', () => `cacert: ${material.dir}`, 'connects'],
    ['verify: yes with cacert: <the right CA>', () => `verify: yes\ncacert: ${material.caFile}`, 'connects'],
    ['verify: "yes" with cacert: <the right CA> (cacert wins)', () => `verify: "yes"\ncacert: ${material.caFile}`, 'connects'],
    ['verify: false beats cacert: <another CA>', () => `verify: false\ncacert: ${material.otherCaFile}`, 'connects'],
    ['insecure: true beats verify: true', () => 'insecure: true\nverify: true', 'connects'],
    ['insecure: "yes" is not true to openstacksdk (get_boolean): verification stays on', () => `insecure: "yes"\ncacert: ${material.otherCaFile}`, 'untrusted'],
    ['verify: null is requests\' default (system CAs), cacert ignored', () => `verify: null\ncacert: ${material.caFile}`, 'untrusted'],
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
    assert.match(system.error!.message, /^tls-cloud\/RegionOne: TLS: .*not signed by a CA the system trusts: set cacert to the CA bundle of this cloud/);
    const other = await tryCloud(`cacert: ${material.otherCaFile}`);
    assert.match(other.error!.message, new RegExp(`not signed by the CA bundle ${material.otherCaFile.replace(/[.]/g, '\\.')} \\(cacert in clouds\\.yaml\\)`));
  });

  test('an unreadable CA bundle names the key that named it', async () => {
    const { error } = await tryCloud('verify: "yes"');
    assert.match(error!.message, /^tls-cloud\/RegionOne: cannot read the CA bundle yes \(verify in clouds\.yaml\): ENOENT/);
  });
});
