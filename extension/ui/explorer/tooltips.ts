// The Markdown tooltips of resource rows. Everything in them but our own words comes from the
// cloud (names, statuses, faults, descriptions, image properties), so it goes in as escaped text
// or as a code span: a cloud cannot put a link, an image, HTML or a `command:` URI in a tooltip.
// No `vscode` here, so what a tooltip says is unit-tested; itemNodes.ts renders it untrusted.
import type { Image, Flavor, Keypair, FloatingIp, Network, ServerSummary } from '../../openstack/index';
import { markdownCode as code, markdownText as text } from '../../text/markdown';
import { flavorDescription } from './describe';

const lines = (parts: (string | undefined | false | null)[]) => parts.filter(Boolean).join('  \n');
const str = (v: unknown) => (v === undefined || v === null ? '?' : String(v));

export function imageTooltip(i: Image): string {
  const props = ['os_distro', 'os_version', 'os_admin_user', 'default_user'].filter((k) => typeof i[k] === 'string').map((k) => `${k}: ${code(i[k])}`);
  return lines([`**${text(i.name || i.id)}** (${text(str(i.status))})`, `ID ${code(i.id)}`, `${text(str(i.disk_format))} / ${text(str(i.container_format))}, ${text(i.visibility ?? '')}`, ...props]);
}

export function serverTooltip(s: ServerSummary, keyName: string | null | undefined): string {
  return lines([
    `**${text(s.name)}** (${text(str(s.status))})`, `ID ${code(s.id)}`,
    s.publicV4 && `public IPv4 ${code(s.publicV4)}`, s.publicV6 && `public IPv6 ${code(s.publicV6)}`, s.privateV4 && `private IPv4 ${code(s.privateV4)}`,
    keyName && `key pair ${code(keyName)}`, s.fault && `fault: ${text(s.fault)}`,
  ]);
}

export function flavorTooltip(f: Flavor): string {
  return lines([`**${text(f.name)}**`, `ID ${code(f.id)}`, text(flavorDescription(f))]);
}

export function networkTooltip(n: Network): string {
  return lines([`**${text(n.name || n.id)}**`, `ID ${code(n.id)}`, `${n.subnets?.length ?? 0} subnet(s)`]);
}

export function keypairTooltip(k: Keypair): string {
  return lines([`**${text(k.name)}**`, k.fingerprint && `fingerprint ${code(k.fingerprint)}`]);
}

export function floatingIpTooltip(f: FloatingIp): string {
  return lines([`**${text(f.floating_ip_address)}**`, `ID ${code(f.id)}`, f.description && text(f.description)]);
}
