// A TLS cloud on loopback for the `verify`/`cacert` tests: a private CA made at test time with
// `openssl` (installed with apt when a fresh CI machine lacks it), a server certificate for
// 127.0.0.1 signed by it, a second CA that signed nothing of ours, and the fake Keystone
// (test/support/fakeCloud.ts) served over HTTPS with that certificate.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeCloud } from './fakeCloud';

export interface TlsMaterial {
  dir: string;
  /** PEM of the CA that signed the server certificate. */
  caFile: string;
  /** PEM of a CA that signed nothing the server presents. */
  otherCaFile: string;
  key: string;
  cert: string;
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
  return {
    dir,
    caFile: path.join(dir, 'test-ca.pem'),
    otherCaFile: path.join(dir, 'other-ca.pem'),
    key: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'server.pem'), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The fake cloud over HTTPS with the material's server certificate. */
export function startTlsCloud(material: TlsMaterial): Promise<FakeCloud> {
  return new FakeCloud().start({ key: material.key, cert: material.cert });
}
