// A way in for a server booted where the user has no key pair yet: their SSH public key
// (`~/.ssh/id_*.pub`, or a file they choose) imported as a Nova key pair named after the file
// (`id_ed25519`). Only public keys are read: a file is bounded in size, must be one OpenSSH
// public key line, and one that looks like a private key is refused without being quoted.
import fs from 'node:fs/promises';
import path from 'node:path';
import { RegularFileError, readRegularFile } from '../../text/regularFile';
import type { Session } from '../session';
import { OpenStackError } from '../errors';
import { importKeypair, listKeypairs } from '../services/compute';

/** Larger than any OpenSSH public key (RSA 16384 is ~2.8 KiB). */
export const MAX_PUBLIC_KEY_BYTES = 16 * 1024;
/** Files of ~/.ssh looked at (a directory of thousands of files is not listed further). */
const MAX_DIR_ENTRIES = 1000;

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

export interface PublicKey {
  /** The file it was read from. */
  file: string;
  /** `ssh-ed25519 AAAA… comment`, one line. */
  line: string;
  /** `ssh-ed25519`. */
  type: string;
  /** The key pair name to import it under: the file's name without `.pub` (`id_ed25519`). */
  keyPairName: string;
}

/** The one public key line of a file's text, or why it is not one (never quoting the text). */
export function parsePublicKey(text: string): { line: string; type: string } | { problem: string } {
  if (/PRIVATE KEY/.test(text)) return { problem: 'this is a private key; choose the .pub file next to it' };
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length !== 1) return { problem: lines.length ? 'more than one line: not a single OpenSSH public key' : 'the file is empty' };
  const [type, body] = lines[0]!.split(/\s+/);
  if (!type || !KEY_TYPE.test(type)) return { problem: 'not an OpenSSH public key (it should start with ssh-ed25519, ssh-rsa or ecdsa-sha2-…)' };
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return { problem: `the ${type} key has no base64 key data` };
  return { line: lines[0]!, type };
}

/** Nova allows letters, digits, spaces, `_`, `-`, `.` and `@` in a key pair name (at most 255). */
export function keyPairNameFor(file: string): string {
  const base = path.basename(file).replace(/\.pub$/i, '');
  return base.replace(/[^A-Za-z0-9_.@-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 255) || 'ssh-key';
}

/** Reads one public key file; errors name the file and what is wrong with it. */
export async function readPublicKey(file: string): Promise<PublicKey> {
  let text: string;
  try {
    text = (await readRegularFile(file, MAX_PUBLIC_KEY_BYTES)).toString('utf8');
  } catch (e) {
    if (e instanceof RegularFileError) throw new Error(e.code === 'EFBIG' ? `${file}: ${e.size} bytes is too large for a public key` : e.message);
    throw e;
  }
  const parsed = parsePublicKey(text);
  if ('problem' in parsed) throw new Error(`${file}: ${parsed.problem}`);
  return { file, ...parsed, keyPairName: keyPairNameFor(file) };
}

/** The usable `id_*.pub` of an SSH directory (`~/.ssh`), by name; unreadable or malformed ones are skipped. */
export async function findPublicKeys(sshDir: string): Promise<PublicKey[]> {
  let names: string[];
  try {
    names = (await fs.readdir(sshDir)).slice(0, MAX_DIR_ENTRIES);
  } catch {
    return []; // no ~/.ssh: nothing to offer but "choose a file"
  }
  const candidates = names.filter((n) => /^id_[A-Za-z0-9_-]+\.pub$/.test(n)).sort();
  const keys = await Promise.all(candidates.map((n) => readPublicKey(path.join(sshDir, n)).catch(() => undefined)));
  return keys.filter((k): k is PublicKey => k !== undefined);
}

/** The type and key data of an OpenSSH key line (the comment does not make it another key). */
const keyData = (line: string | undefined) => (line ?? '').trim().split(/\s+/).slice(0, 2).join(' ');

export interface EnsuredKeyPair {
  /** The key pair the server gets: the wanted name, or the one this key already has on the cloud. */
  name: string;
  /** False: the cloud already had this key (under `name`), nothing was imported. */
  imported: boolean;
}

/**
 * Makes sure the cloud has this public key as a key pair: reuses a key pair that holds the same
 * key (whatever its name), imports it under `name` otherwise (Nova os-keypairs POST with
 * public_key). Another key under the same name is an error: it is never replaced.
 */
export async function ensureKeyPair(session: Session, name: string, publicKey: string, signal?: AbortSignal): Promise<EnsuredKeyPair> {
  const existing = await listKeypairs(session, signal);
  const same = existing.find((k) => keyData(k.public_key) === keyData(publicKey));
  if (same) return { name: same.name, imported: false };
  if (existing.some((k) => k.name === name)) {
    throw new OpenStackError(`a different key pair named '${name}' exists; rename the key file or delete that key pair`, {
      cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: 'compute', kind: 'operation',
    });
  }
  await importKeypair(session, name, publicKey, signal);
  return { name, imported: true };
}
