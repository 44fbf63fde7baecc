// The kinds `openstack-clouds list` and its one-kind commands (`images`, `servers`, ...) know: apart
// from the listings themselves, so that the dispatch knows these names without loading them.
export const LIST_KINDS = ['images', 'servers', 'flavors', 'networks', 'keypairs'] as const;

export type ListKind = (typeof LIST_KINDS)[number];
