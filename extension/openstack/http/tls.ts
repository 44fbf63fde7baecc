// The TLS options of a cloud's connections, from its TlsSettings (extension/config/tls.ts), and
// the words for a certificate the cloud's settings do not trust. A CA bundle is used instead of
// the system CAs (as requests does with `verify=<path>`); a directory is read as c_rehash'd PEMs.
// A file that cannot be read is not thrown at construction: every request of that cloud fails with
// it (the other clouds are unaffected).
import fs from 'node:fs';
import path from 'node:path';
import type { TlsSettings } from '../cloudRegion';
import { errorCode } from './retryPolicy';

export interface ConnectTlsOptions {
  rejectUnauthorized: boolean;
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
}

export interface TlsFiles {
  options: ConnectTlsOptions;
  /** Why a file the settings name cannot be used (then no request may be sent). */
  unreadable?: string;
}

/** A CA directory holds at most this many files we read (/etc/ssl/certs has a few hundred). */
const MAX_DIRECTORY_FILES = 2000;
const MAX_TLS_FILE_BYTES = 16 * 1024 * 1024;

function readBounded(file: string): Buffer {
  const size = fs.statSync(file).size;
  if (size > MAX_TLS_FILE_BYTES) throw Object.assign(new Error(`larger than ${MAX_TLS_FILE_BYTES >> 20} MiB`), { code: 'EFBIG' });
  return fs.readFileSync(file);
}

function readCaBundle(location: string): Buffer[] {
  if (!fs.statSync(location).isDirectory()) return [readBounded(location)];
  const pems: Buffer[] = [];
  for (const name of fs.readdirSync(location).slice(0, MAX_DIRECTORY_FILES)) {
    try {
      const content = readBounded(path.join(location, name));
      if (content.includes('-----BEGIN CERTIFICATE-----')) pems.push(content);
    } catch {
      // a dangling link or a subdirectory in a CA directory: not a certificate, as for OpenSSL
    }
  }
  return pems;
}

function reason(e: unknown): string {
  return errorCode(e) ?? (e as Error).message;
}

export function readTlsFiles(tls: TlsSettings): TlsFiles {
  const options: ConnectTlsOptions = { rejectUnauthorized: tls.verify };
  try {
    if (tls.verify && tls.cacert) options.ca = readCaBundle(tls.cacert);
  } catch (e) {
    return { options, unreadable: `cannot read the CA bundle ${tls.cacert} (${tls.cacertKey ?? 'cacert'} in clouds.yaml): ${reason(e)}` };
  }
  for (const key of ['cert', 'key'] as const) {
    const file = tls[key];
    if (!file) continue;
    try {
      options[key] = readBounded(file);
    } catch (e) {
      return { options, unreadable: `cannot read the client ${key === 'cert' ? 'certificate' : 'key'} ${file} (${key} in clouds.yaml): ${reason(e)}` };
    }
  }
  return { options };
}

/** OpenSSL's and Node's codes for a server certificate that does not verify. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID', 'CERT_SIGNATURE_FAILURE', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
]);

/** The summary of a request that failed because the server's certificate is not trusted; else undefined. */
export function untrustedCertificate(e: unknown, tls: TlsSettings, url: string): string | undefined {
  const code = errorCode(e);
  if (!code || !CERTIFICATE_CODES.has(code)) return undefined;
  const origin = new URL(url).origin;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return `TLS: the certificate of ${origin} is not for that host name (check auth_url and the catalog)`;
  }
  const trust = tls.cacert
    ? `it is not signed by the CA bundle ${tls.cacert} (${tls.cacertKey ?? 'cacert'} in clouds.yaml)`
    : 'it is not signed by a CA the system trusts: set cacert to the CA bundle of this cloud in clouds.yaml';
  return `TLS: the certificate of ${origin} is not trusted, ${trust}`;
}
