// The TLS of a cloud's connections, from its TlsSettings (extension/config/tls.ts), and the words
// for a certificate the cloud's settings do not trust. A CA bundle is used instead of the default
// CAs (as requests does with `verify=<path>`); a directory is read as c_rehash'd PEMs. Without
// one, the bundle openstacksdk would use (trustStore.ts). The files are read (or found unchanged)
// when the Transport is made, so that a file that cannot be used fails every request of that cloud
// before anything is sent (the other clouds are unaffected); the CAs are parsed into one TLS context on the first
// https connection (a system's 140 take ~20 ms, which a plain-HTTP cloud never needs), and a
// bundle's context is shared by every cloud and source that uses it (Node would parse the CAs
// again for every connection given them as options).
import fs from 'node:fs';
import { RegularFileError, readRegularFileSync } from '../../text/regularFile';
import path from 'node:path';
import tls from 'node:tls';
import type { TlsSettings } from '../cloudRegion';
import { errorCode } from './retryPolicy';
import { defaultCaBundle } from './trustStore';

/**
 * The TLS options that carry our CAs: the context, and the same CAs again as `ca`. Node uses the
 * context and ignores `ca`; VS Code's tls.connect patch (@vscode/proxy-agent, for
 * `http.systemCertificates`) adds the system's certificates into the context of any connection
 * given no `ca`, which would make a `cacert` bundle trust more than itself (and grow a shared
 * context on every connection).
 */
export interface TlsContextOptions {
  secureContext: tls.SecureContext;
  ca?: Buffer[];
}

export interface TlsFiles {
  rejectUnauthorized: boolean;
  /** The context with the CAs and the client certificate, made when first asked; undefined: Node's defaults. */
  context(): TlsContextOptions | undefined;
  /** Why a file the settings name cannot be used (then no request may be sent). */
  unreadable?: string;
  /** Why a server certificate that does not verify is not trusted: the CAs it was checked against. */
  notTrusted: string;
}

/** A CA directory holds at most this many files we read (/etc/ssl/certs has a few hundred). */
const MAX_DIRECTORY_FILES = 2000;
const MAX_TLS_FILE_BYTES = 16 * 1024 * 1024;

/** A TLS file's bytes: a regular file only (`cacert: /dev/zero` or a FIFO would hang the editor), bounded. */
function readBounded(file: string): Buffer {
  return readRegularFileSync(file, MAX_TLS_FILE_BYTES);
}

/**
 * A certificate's name in a CA directory as OpenSSL looks it up (`<subject hash>.<n>`, as c_rehash
 * and `openssl rehash` make them): requests hands a directory to OpenSSL as its CApath, which finds
 * a CA by its hash only, so a file under another name (`my-ca.pem`) is trusted by neither.
 */
const HASHED_NAME = /^[0-9a-f]{8}\.[0-9]+$/;

function readCaBundle(location: string): Buffer[] {
  if (!fs.statSync(location).isDirectory()) return [readBounded(location)];
  const pems: Buffer[] = [];
  for (const name of fs.readdirSync(location).filter((n) => HASHED_NAME.test(n)).slice(0, MAX_DIRECTORY_FILES)) {
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
  if (e instanceof RegularFileError) return e.reason;
  return errorCode(e) ?? (e as Error).message;
}

interface CaChoice {
  path: string;
  /** More CAs with the system's bundle (NODE_EXTRA_CA_CERTS); skipped when it cannot be read. */
  extra?: string;
  /** "the CA bundle X (cacert in clouds.yaml)", "the system's CA bundle X"... */
  named: string;
  /** Named in clouds.yaml: the user chose it, so no advice to set cacert. */
  fromConfig: boolean;
}

function caChoice(settings: TlsSettings, env: NodeJS.ProcessEnv): CaChoice | undefined {
  if (settings.cacert) return { path: settings.cacert, named: `the CA bundle ${settings.cacert} (${settings.cacertKey ?? 'cacert'} in clouds.yaml)`, fromConfig: true };
  const chosen = defaultCaBundle(env);
  if (!chosen) return undefined;
  if (chosen.from !== 'system') return { path: chosen.path, named: `the CA bundle ${chosen.path} (${chosen.from} in the environment)`, fromConfig: false };
  const extra = chosen.extra ? ` (with ${chosen.extra} from NODE_EXTRA_CA_CERTS)` : '';
  return { path: chosen.path, extra: chosen.extra, named: `the system's CA bundle ${chosen.path}${extra}`, fromConfig: false };
}

function readChoice(choice: CaChoice): Buffer[] {
  const pems = readCaBundle(choice.path);
  if (!choice.extra) return pems;
  try {
    return [...pems, readBounded(choice.extra)];
  } catch {
    return pems; // Node warns once and goes on without them; so do we
  }
}

/**
 * Bundles read so far, by path: their CAs and, once an https connection needed it, their context.
 * Made again only when a file's identity, size or time changes, so each Transport costs a stat,
 * not a read and a parse.
 */
const bundles = new Map<string, { stamp: string; ca: Buffer[]; context?: tls.SecureContext }>();

function stampOf(file: string | undefined): string {
  if (!file) return '';
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : 'none';
}

/** The bundle of a choice, read once while unchanged; a directory is read each time (its files can change without its time changing). */
function bundleOf(choice: CaChoice): { ca: Buffer[]; context?: tls.SecureContext } {
  if (fs.statSync(choice.path).isDirectory()) return { ca: readChoice(choice) };
  const key = `${choice.path}\0${choice.extra ?? ''}`;
  const stamp = `${stampOf(choice.path)}/${stampOf(choice.extra)}`;
  const known = bundles.get(key);
  if (known?.stamp === stamp) return known;
  const bundle = { stamp, ca: readChoice(choice) };
  bundles.set(key, bundle);
  return bundle;
}

/** The TLS context of a server nothing but the defaults applies to (an image source); undefined: Node's. */
export function defaultTlsContext(env: NodeJS.ProcessEnv = process.env): TlsContextOptions | undefined {
  const files = readTlsFiles({ verify: true }, env);
  if (files.unreadable) throw new Error(files.unreadable);
  return files.context();
}

/** The TLS options of a connection to a server with these files (the context is made now). */
export function connectOptions(files: TlsFiles): { rejectUnauthorized: boolean } & Partial<TlsContextOptions> {
  return { rejectUnauthorized: files.rejectUnauthorized, ...files.context() };
}

export function readTlsFiles(settings: TlsSettings, env: NodeJS.ProcessEnv = process.env): TlsFiles {
  const choice = settings.verify ? caChoice(settings, env) : undefined;
  const advice = choice?.fromConfig ? '' : ': set cacert to the CA bundle of this cloud in clouds.yaml';
  const notTrusted = `it is not signed by ${choice?.named ?? "a CA of Node's list (Mozilla's, as certifi's)"}${advice}`;
  const files: TlsFiles = { rejectUnauthorized: settings.verify, context: () => undefined, notTrusted };
  let bundle: { ca: Buffer[]; context?: tls.SecureContext } | undefined;
  try {
    if (choice) bundle = bundleOf(choice);
  } catch (e) {
    return { ...files, unreadable: `cannot read ${choice!.named}: ${reason(e)}` };
  }
  const client: { cert?: Buffer; key?: Buffer } = {};
  for (const name of ['cert', 'key'] as const) {
    const file = settings[name];
    if (!file) continue;
    try {
      client[name] = readBounded(file);
    } catch (e) {
      return { ...files, unreadable: `cannot read the client ${name === 'cert' ? 'certificate' : 'key'} ${file} (${name} in clouds.yaml): ${reason(e)}` };
    }
  }
  const ca = bundle?.ca;
  if (client.cert || client.key) {
    // Made now: a key that is not the certificate's must fail before anything is sent.
    try {
      const context = { secureContext: tls.createSecureContext({ ca, ...client }), ...(ca ? { ca } : {}) };
      return { ...files, context: () => context };
    } catch (e) {
      return { ...files, unreadable: `cannot use the client certificate ${settings.cert ?? '(none)'} with the key ${settings.key ?? '(none)'} (cert and key in clouds.yaml): ${(e as Error).message}` };
    }
  }
  if (!bundle) return files;
  const shared = bundle;
  return { ...files, context: () => ({ secureContext: (shared.context ??= tls.createSecureContext({ ca: shared.ca })), ca: shared.ca }) };
}

/** OpenSSL's and Node's codes for a server certificate that does not verify. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID', 'CERT_SIGNATURE_FAILURE', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
]);

/** The summary of a request that failed because the server's certificate is not trusted; else undefined. */
export function untrustedCertificate(e: unknown, notTrusted: string, url: string): string | undefined {
  const code = errorCode(e);
  if (!code || !CERTIFICATE_CODES.has(code)) return undefined;
  const origin = new URL(url).origin;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    return `TLS: the certificate of ${origin} is not for that host name (check auth_url and the catalog)`;
  }
  return `TLS: the certificate of ${origin} is not trusted, ${notTrusted}`;
}
