// Fresh OpenSSH public key lines for tests (a real Nova refuses a malformed one): an Ed25519 key
// made by node:crypto, in the `ssh-ed25519 <base64 wire format> <comment>` form of a .pub file.
import crypto from 'node:crypto';

function sshString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export function ed25519PublicKeyLine(comment = 'test@localhost'): string {
  const { publicKey } = crypto.generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const wire = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(raw)]);
  return `ssh-ed25519 ${wire.toString('base64')} ${comment}`;
}
