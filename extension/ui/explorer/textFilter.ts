// The text filter of a long list (Images, Servers, ...): a row stays when the text is part of its
// name, status, ID or one of its IP addresses (a server also by `fleet NAME`), case-insensitively. It narrows what is loaded
// (the pages so far), so the folder still offers "Load more…". No `vscode` here (unit-tested).
import { fleetOf } from '../../openstack/index';
import type { ListItems, ListKind } from './resourceKinds';

/** What each kind of row can be found by. */
const FIELDS: { [K in ListKind]: (item: ListItems[K]) => (string | null | undefined)[] } = {
  images: (i) => [i.name, i.status, i.id, typeof i.os_distro === 'string' ? i.os_distro : undefined],
  servers: (s) => [s.server.name, s.summary.status, s.server.id, s.summary.publicV4, s.summary.publicV6, s.summary.privateV4, ...addressesOf(s.server.addresses), fleetOf(s.server) && `fleet ${fleetOf(s.server)}`],
  flavors: (f) => [f.name, f.id],
  networks: (n) => [n.name, n.status, n.id],
  keypairs: (k) => [k.name],
  floatingips: (f) => [f.floating_ip_address, f.fixed_ip_address, f.status, f.id, f.description],
};

/** Every address of a Nova server (`addresses: { net: [{ addr }] }`), whatever the network. */
function addressesOf(addresses: unknown): string[] {
  if (!addresses || typeof addresses !== 'object') return [];
  return Object.values(addresses).flatMap((list) => (Array.isArray(list) ? list.map((a: { addr?: unknown }) => (typeof a?.addr === 'string' ? a.addr : '')) : []));
}

/** The filter as kept: trimmed, at most 200 characters; empty means no filter. */
export function normalizeFilter(text: string | undefined): string | undefined {
  const t = text?.trim().slice(0, 200);
  return t ? t : undefined;
}

export function matchesText<K extends ListKind>(kind: K, item: ListItems[K], text: string | undefined): boolean {
  const needle = normalizeFilter(text)?.toLowerCase();
  if (!needle) return true;
  return (FIELDS[kind] as (i: ListItems[K]) => (string | null | undefined)[])(item).some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
}

/** The folder's description while filtered: `"web": 3 of 40` (`40+` while more pages may follow). */
export function filteredDescription(text: string, shown: number, loaded: number, more: boolean): string {
  const quoted = text.length > 30 ? `${text.slice(0, 29)}…` : text;
  return `“${quoted}”: ${shown} of ${loaded}${more ? '+' : ''}`;
}
