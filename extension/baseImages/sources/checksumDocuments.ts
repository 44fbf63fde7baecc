// Reading a source's checksum file with the trust it can have: a clear-signed file (Fedora's
// CHECKSUM) or one with a detached signature (AlmaLinux's CHECKSUM.asc) is checked with gpgv when a
// keyring is there, and then only the signed payload is parsed; otherwise the reason is said.
import { isClearSigned, parseChecksumFile, type PublishedDigest } from '../checksums';
import type { SourceContext, Trust } from '../source';

export interface ChecksumDocument {
  sums: Map<string, PublishedDigest>;
  trust: Trust;
}

export const NOT_SIGNED = (title: string): Trust => ({ signed: false, reason: `${title} publishes no signature for this file: only the checksum was checked` });
export const NO_KEYRING = (title: string): Trust => ({ signed: false, reason: `no keyring for ${title} installed: only the checksum was checked, not its signature` });

/** A checksum file that may be clear-signed. */
export async function readChecksums(ctx: SourceContext, url: string, title: string): Promise<ChecksumDocument> {
  const text = await ctx.read(url);
  if (!isClearSigned(text)) return { sums: parseChecksumFile(text), trust: NOT_SIGNED(title) };
  if (!ctx.keyring) return { sums: parseChecksumFile(text), trust: NO_KEYRING(title) };
  const payload = await ctx.verifyClearSigned(text, ctx.keyring);
  return { sums: parseChecksumFile(payload), trust: { signed: true, keyring: ctx.keyring, document: url } };
}

/** A checksum file with a detached signature beside it at `signatureUrl`. */
export async function readDetachedSigned(ctx: SourceContext, url: string, signatureUrl: string, title: string): Promise<ChecksumDocument> {
  const text = await ctx.read(url);
  if (!ctx.keyring) return { sums: parseChecksumFile(text), trust: NO_KEYRING(title) };
  await ctx.verifyDetached(text, await ctx.read(signatureUrl), ctx.keyring);
  return { sums: parseChecksumFile(text), trust: { signed: true, keyring: ctx.keyring, document: url } };
}
