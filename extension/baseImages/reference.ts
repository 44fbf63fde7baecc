// An image reference `DISTRO:RELEASE[/ARCH]` (`ubuntu:24.04`, `debian:12/arm64`, `cirros:0.6.2`)
// and the architecture names: Glance's `architecture` property uses the kernel's names (x86_64,
// aarch64), Ubuntu and Debian name the same machines amd64 and arm64.

export interface ImageRef {
  distro: string;
  release: string;
  /** The kernel's name (x86_64, aarch64, ...): what Glance's `architecture` property holds. */
  arch: string;
}

export class ReferenceError extends Error {}

const ARCH_ALIASES: Record<string, string> = {
  x86_64: 'x86_64', amd64: 'x86_64', x64: 'x86_64',
  aarch64: 'aarch64', arm64: 'aarch64',
  ppc64le: 'ppc64le', ppc64el: 'ppc64le',
  s390x: 's390x',
  armhf: 'armv7l', armv7l: 'armv7l', arm: 'armv7l',
  riscv64: 'riscv64',
};

/** The kernel's name of an architecture, from any of the names publishers use. */
export function canonicalArch(name: string): string {
  const arch = ARCH_ALIASES[name.toLowerCase()];
  if (!arch) throw new ReferenceError(`unknown architecture '${name}' (one of ${Object.keys(ARCH_ALIASES).join(', ')})`);
  return arch;
}

/** Debian's and Ubuntu's name of an architecture. */
export function debianArch(arch: string): string {
  return { x86_64: 'amd64', aarch64: 'arm64', ppc64le: 'ppc64el', armv7l: 'armhf' }[arch] ?? arch;
}

/** This machine's architecture, the default when a reference names none. */
export function hostArch(): string {
  return canonicalArch(process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch);
}

const SAFE_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Parses `DISTRO:RELEASE[/ARCH]`; `--arch` (archOption) wins over none but must agree with one given. */
export function parseRef(text: string, archOption?: string): ImageRef {
  const m = /^([^:/\s]+):([^/\s]+)(?:\/([^/\s]+))?$/.exec(text.trim());
  if (!m) throw new ReferenceError(`'${text}' is not an image reference: write DISTRO:RELEASE[/ARCH], e.g. ubuntu:24.04 or debian:12/arm64`);
  const [, distro, release, refArch] = m;
  for (const part of [distro!, release!]) {
    if (!SAFE_PART.test(part)) throw new ReferenceError(`'${part}' in '${text}' has characters a release name does not have`);
  }
  const arch = refArch ? canonicalArch(refArch) : archOption ? canonicalArch(archOption) : hostArch();
  if (refArch && archOption && canonicalArch(archOption) !== arch) throw new ReferenceError(`'${text}' names ${arch} but --arch says ${archOption}`);
  return { distro: distro!.toLowerCase(), release: release!, arch };
}

export function formatRef(ref: ImageRef): string {
  return `${ref.distro}:${ref.release}/${ref.arch}`;
}
