// The six lists under each cloud region, and how each is fetched from the client core a page at
// a time. No `vscode` here: the tree's node classes (ui/tree/itemNodes.ts) render these items.
import { type Session, pages, query, type Image, listKeypairs, type Flavor, type Keypair, type FloatingIp, type Network, serverSummaryPages, type ServerWithSummary } from '../../openstack/index';
import type { ResourceKind } from '../../language/liveResources';

export interface ListItems {
  images: Image;
  servers: ServerWithSummary;
  flavors: Flavor;
  networks: Network;
  keypairs: Keypair;
  floatingips: FloatingIp;
}

export type ListKind = keyof ListItems;

export interface KindSpec<K extends ListKind> {
  kind: K;
  /** The folder's label, and what an empty list says. */
  label: string;
  empty: string;
  /** The service the list comes from (named in error nodes). */
  service: 'image' | 'compute' | 'network';
  pages(session: Session, limit: number, signal: AbortSignal): AsyncIterator<ListItems[K][]>;
  /** Names and IDs by which a playbook may refer to an item (live awareness). */
  names(item: ListItems[K]): string[];
}

async function* onePage<T>(fetch: () => Promise<T[]>): AsyncGenerator<T[]> {
  yield await fetch();
}

const images: KindSpec<'images'> = {
  kind: 'images', label: 'Images', empty: 'No images', service: 'image',
  pages: (s, limit, signal) => pages<Image>(s, { service: 'image', path: `images${query({ limit })}`, key: 'images', signal }),
  names: (i) => [i.name, i.id],
};

const servers: KindSpec<'servers'> = {
  kind: 'servers', label: 'Servers', empty: 'No servers', service: 'compute',
  pages: (s, limit, signal) => serverSummaryPages(s, limit, signal),
  names: (i) => [i.server.name, i.server.id],
};

const flavors: KindSpec<'flavors'> = {
  kind: 'flavors', label: 'Flavors', empty: 'No flavors', service: 'compute',
  pages: (s, limit, signal) => pages<Flavor>(s, { service: 'compute', path: `flavors/detail${query({ limit })}`, key: 'flavors', signal }),
  names: (f) => [f.name, f.id],
};

const networks: KindSpec<'networks'> = {
  kind: 'networks', label: 'Networks', empty: 'No networks', service: 'network',
  pages: (s, limit, signal) => pages<Network>(s, { service: 'network', path: `networks${query({ limit })}`, key: 'networks', signal }),
  names: (n) => [n.name, n.id],
};

const keypairs: KindSpec<'keypairs'> = {
  kind: 'keypairs', label: 'Key Pairs', empty: 'No key pairs', service: 'compute',
  // os-keypairs pages only from microversion 2.35: one page holds them all.
  pages: (s, _limit, signal) => onePage(() => listKeypairs(s, signal)),
  names: (k) => [k.name],
};

const floatingips: KindSpec<'floatingips'> = {
  kind: 'floatingips', label: 'Floating IPs', empty: 'No floating IPs', service: 'network',
  pages: (s, limit, signal) => pages<FloatingIp>(s, { service: 'network', path: `floatingips${query({ limit })}`, key: 'floatingips', signal }),
  names: (f) => [f.floating_ip_address, f.id],
};

/** In the order the tree shows them. */
export const KINDS: { [K in ListKind]: KindSpec<K> } = { images, servers, flavors, networks, keypairs, floatingips };
export const KIND_ORDER: ListKind[] = ['images', 'servers', 'flavors', 'networks', 'keypairs', 'floatingips'];

/** The explorer list that answers a playbook's resource option. */
export const LIST_OF_RESOURCE: Readonly<Record<ResourceKind, ListKind>> = { image: 'images', flavor: 'flavors', network: 'networks', key_name: 'keypairs' };
