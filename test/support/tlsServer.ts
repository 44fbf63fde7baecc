// A TLS cloud on loopback for the `verify`/`cacert` tests: a private CA made at test time with
// `openssl` (installed with apt when a fresh CI machine lacks it), a server certificate for
// 127.0.0.1 signed by it, a second CA that signed nothing of ours, and the fake Keystone
// (test/support/fakeCloud.ts) served over HTTPS with that certificate.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeCloud } from './fakeCloud';
import { unsetEnvironment } from './environment';
import { buildLoadedConfig, resolveClouds } from '../../extension/config/index';
import { Session } from '../../extension/openstack/session';
import { OpenStackError } from '../../extension/openstack/errors';

export interface TlsMaterial {
  dir: string;
  /** PEM of the CA that signed the server certificate. */
  caFile: string;
  /** PEM of a CA that signed nothing the server presents. */
  otherCaFile: string;
  key: string;
  cert: string;
  /** A CA directory as OpenSSL reads one (c_rehash): the CA under its subject hash, `<hash>.0`. */
  hashedCaDir: string;
  /** A directory holding the CA under its own name only, which OpenSSL's hash lookup never finds. */
  unhashedCaDir: string;
  /** Files of a client certificate the CA signed, and its key. */
  clientCertFile: string;
  clientKeyFile: string;
  remove(): void;
}

export function ensureOpenssl(): void {
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0) return;
  const apt = 'apt-get -o DPkg::Lock::Timeout=900 -o Acquire::Lock::Timeout=900';
  const r = spawnSync('sh', ['-c', `${apt} -q update && DEBIAN_FRONTEND=noninteractive ${apt} install -y -q --no-install-recommends openssl`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl is missing and apt-get could not install it:\n${r.stdout}${r.stderr}`);
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${r.stderr}`);
}

function makeCa(dir: string, name: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout', `${name}.key`, '-out', `${name}.pem`]);
}

/** A CA, a server certificate for 127.0.0.1 signed by it, and an unrelated CA, in a fresh temp dir. */
export function makeTlsMaterial(): TlsMaterial {
  ensureOpenssl();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-cloud-'));
  makeCa(dir, 'test-ca');
  makeCa(dir, 'other-ca');
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr']);
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'test-ca.pem', '-CAkey', 'test-ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem']);
  fs.writeFileSync(path.join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=client', '-keyout', 'client.key', '-out', 'client.csr']);
  openssl(dir, ['x509', '-req', '-in', 'client.csr', '-CA', 'test-ca.pem', '-CAkey', 'test-ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'client.ext', '-out', 'client.pem']);
  const hash = spawnSync('openssl', ['x509', '-hash', '-noout', '-in', path.join(dir, 'test-ca.pem')], { encoding: 'utf8' }).stdout.trim();
  for (const [sub, name] of [['hashed-cas', `${hash}.0`], ['unhashed-cas', 'test-ca.pem']]) {
    fs.mkdirSync(path.join(dir, sub));
    fs.copyFileSync(path.join(dir, 'test-ca.pem'), path.join(dir, sub, name));
  }
  return {
    dir,
    hashedCaDir: path.join(dir, 'hashed-cas'),
    unhashedCaDir: path.join(dir, 'unhashed-cas'),
    clientCertFile: path.join(dir, 'client.pem'),
    clientKeyFile: path.join(dir, 'client.key'),
    caFile: path.join(dir, 'test-ca.pem'),
    otherCaFile: path.join(dir, 'other-ca.pem'),
    key: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'server.pem'), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The fake cloud over HTTPS with the material's server certificate; `mutual`: clients need one of the CA's too. */
export function startTlsCloud(material: TlsMaterial, mutual = false): Promise<FakeCloud> {
  return new FakeCloud().start({ key: material.key, cert: material.cert, ...(mutual ? { clientCa: fs.readFileSync(material.caFile, 'utf8') } : {}) });
}

/**
 * The file's TLS world: before its tests, the material and the HTTPS Keystone, with `unset`
 * variables put aside (the machine's REQUESTS_CA_BUNDLE...); after them, all removed and put back.
 */
export function useTlsCloud(unset: readonly string[]): { material(): TlsMaterial; cloud(): FakeCloud } {
  let material: TlsMaterial | undefined;
  let cloud: FakeCloud | undefined;
  let restore = () => undefined as void;
  before(async () => {
    restore = unsetEnvironment(unset);
    material = makeTlsMaterial();
    cloud = await startTlsCloud(material);
  });
  after(async () => {
    await cloud?.stop();
    material?.remove();
    restore();
  });
  return { material: () => material!, cloud: () => cloud! };
}

export type TlsOutcome = 'connects' | 'untrusted' | 'unreadable';

/**
 * Resolves a one-cloud clouds.yaml for `target` with these TLS lines and asks a real Session for
 * a token: it connects, the certificate is not trusted, or a file cannot be used (then nothing was
 * sent). The password never shows in the error.
 */
export async function tryTlsCloud(target: FakeCloud, tlsLines: string, home: string): Promise<{ outcome: TlsOutcome; error?: OpenStackError }> {
  const text = `clouds:\n  tls-cloud:\n    region_name: RegionOne\n    auth: {auth_url: '${target.url}/v3', username: u, password: canary-Pa55word, project_name: p, user_domain_name: D, project_domain_name: D}\n${tlsLines.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
  const loaded = buildLoadedConfig([{ kind: 'clouds', path: '/w/clouds.yaml', text }], { cwd: undefined, env: {}, home, platform: 'linux' });
  const region = resolveClouds(loaded).regions[0];
  assert.ok(region, `the cloud resolves: ${JSON.stringify(resolveClouds(loaded).problems)}`);
  const session = new Session(region);
  const sentBefore = target.requests.length;
  try {
    await session.token();
    return { outcome: 'connects' };
  } catch (e) {
    assert.ok(e instanceof OpenStackError, String(e));
    assert.doesNotMatch(e.message, /canary-Pa55word/);
    if (e.kind === 'config') {
      assert.equal(target.requests.length, sentBefore, 'nothing is sent when a TLS file cannot be used');
      return { outcome: 'unreadable', error: e };
    }
    assert.match(e.message, /TLS: the certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/, e.message);
    return { outcome: 'untrusted', error: e };
  } finally {
    await session.close();
  }
}

