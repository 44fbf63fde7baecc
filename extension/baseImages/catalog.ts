// The catalog of official image sources, listable offline; `resolveImage` turns a reference into
// one immutable image URL and its published digest, reading the source's own index (or a mirror
// with the same layout: `mirror` replaces the official root).
import fs from 'node:fs';
import { parseRef, type ImageRef } from './reference';
import { SourceError, type ImageSource, type ResolvedImage, type SourceContext } from './source';
import { ubuntu } from './sources/ubuntu';
import { debian } from './sources/debian';
import { fedora } from './sources/fedora';
import { almalinux, centos, rocky } from './sources/enterprise';
import { opensuse } from './sources/opensuse';
import { cirros } from './sources/cirros';

export const SOURCES: readonly ImageSource[] = [ubuntu, debian, fedora, centos, almalinux, rocky, opensuse, cirros];

const ALIASES: Record<string, string> = { 'centos-stream': 'centos', alma: 'almalinux', 'rocky-linux': 'rocky', rockylinux: 'rocky', 'opensuse-leap': 'opensuse', leap: 'opensuse' };

export function findSource(distro: string): ImageSource {
  const id = ALIASES[distro] ?? distro;
  const source = SOURCES.find((s) => s.id === id);
  if (!source) throw new SourceError(`no image source '${distro}' (one of ${SOURCES.map((s) => s.id).join(', ')})`);
  return source;
}

/** The root a source is read from: the mirror when one is given (must be http or https), else the official one. */
export function sourceRoot(source: ImageSource, mirror?: string): string {
  if (!mirror) return source.officialRoot;
  let url: URL;
  try {
    url = new URL(mirror);
  } catch {
    throw new SourceError(`--mirror '${mirror}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SourceError(`--mirror must be an http(s) URL, not ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash) throw new SourceError('--mirror takes a plain base URL (no credentials, query or fragment)');
  return url.href.replace(/\/*$/, '/');
}

/** The first of the source's keyring files that is installed, for the release asked for. */
export function installedKeyring(source: ImageSource, ref: ImageRef, exists: (p: string) => boolean = fs.existsSync): string | undefined {
  return source.keyrings.map((k) => k.replace('{release}', ref.release)).find(exists);
}

export interface ResolveOptions {
  arch?: string;
  /** Base URL replacing the source's official root (per source: see sourceRoot). */
  mirror?: string;
  /** A keyring file to check signatures with, instead of the installed one; 'none' checks none. */
  keyring?: string;
}

export type ContextMaker = (root: string, keyring: string | undefined) => SourceContext;

export async function resolveImage(refText: string, options: ResolveOptions, makeContext: ContextMaker): Promise<ResolvedImage> {
  const ref = parseRef(refText, options.arch);
  const source = findSource(ref.distro);
  const keyring = options.keyring === 'none' ? undefined : options.keyring ?? installedKeyring(source, ref);
  if (keyring && !source.signs) throw new SourceError(`${source.title} publishes no signature; --keyring has nothing to check`);
  return source.resolve({ ...ref, distro: source.id }, makeContext(sourceRoot(source, options.mirror), keyring));
}

/** One line per source for the offline listing. */
export function catalogLines(): string[] {
  return SOURCES.map((s) => `${s.id.padEnd(10)} ${s.title}; e.g. ${s.exampleReleases.map((r) => `${s.id}:${r}`).join(', ')}  (${s.officialRoot})${s.signs ? '' : ' [unsigned]'}`);
}
