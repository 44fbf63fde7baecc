// A throw-away OpenPGP signing key (gpg in a temporary home) for the signature tests of the image
// sources: clear-signs like Fedora's CHECKSUM and simplestreams' .sjson, signs detached like
// AlmaLinux's CHECKSUM.asc, and exports the binary keyring gpgv reads.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCommand } from './imageMirror';

export interface SigningKey {
  keyring: string;
  clearSign(text: string): string;
  detachSign(text: string): string;
  dispose(): void;
}

export function makeSigningKey(name = 'Image Mirror Test Key <mirror@example.invalid>'): SigningKey {
  ensureCommand('gpg', 'gpg');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gpg-test-'));
  const env = { ...process.env, GNUPGHOME: home };
  const gpg = (args: string[], input?: string) => execFileSync('gpg', ['--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { env, input, stdio: ['pipe', 'pipe', 'ignore'] });
  gpg(['--quick-gen-key', name, 'ed25519', 'sign', 'never']);
  const keyring = path.join(home, 'exported.gpg');
  fs.writeFileSync(keyring, gpg(['--export']));
  return {
    keyring,
    clearSign: (text) => gpg(['--clearsign', '--digest-algo', 'SHA256'], text).toString('utf8'),
    detachSign: (text) => gpg(['--detach-sign', '--armor'], text).toString('utf8'),
    dispose() {
      try {
        execFileSync('gpgconf', ['--kill', 'all'], { env, stdio: 'ignore' });
      } catch { /* no agent was started */ }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
