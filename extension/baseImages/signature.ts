// Signatures checked with gpgv (no gpg home, no trust database: the keyring file is the whole
// trust, as simplestreams' read_signed and Fedora's own instructions use it). Only the payload
// gpgv writes out is returned, so text outside the signed block is never parsed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class SignatureError extends Error {}

const GPGV_TIMEOUT_MS = 30_000;

function gpgv(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('gpgv', args, { encoding: 'buffer', timeout: GPGV_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reject(new SignatureError('gpgv is not installed (Debian/Ubuntu: apt-get install gpgv); install it or pass --keyring none to check only the checksum'));
      const why = stderr.toString('utf8').split('\n').filter((l) => /BAD|bad|No public key|Can't check|not found|error/i.test(l)).slice(0, 3).join('; ');
      reject(new SignatureError(`the signature does not verify${why ? `: ${why}` : ''}`));
    });
  });
}

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'openstack-clouds-gpgv-'));
  try {
    return await run(dir);
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

/** The payload of a clear-signed document, once its signature verifies against the keyring. */
export function verifyClearSigned(text: string, keyring: string): Promise<string> {
  return withTempDir(async (dir) => {
    const file = path.join(dir, 'signed');
    await fs.promises.writeFile(file, text);
    return (await gpgv(['--keyring', path.resolve(keyring), '--output', '-', file])).toString('utf8');
  });
}

/** Resolves when `signature` (armoured: it is read as text) is a good signature over `data` by a key of the keyring. */
export function verifyDetached(data: string, signature: string, keyring: string): Promise<void> {
  return withTempDir(async (dir) => {
    await fs.promises.writeFile(path.join(dir, 'data'), data);
    await fs.promises.writeFile(path.join(dir, 'data.sig'), signature);
    await gpgv(['--keyring', path.resolve(keyring), path.join(dir, 'data.sig'), path.join(dir, 'data')]);
  });
}
