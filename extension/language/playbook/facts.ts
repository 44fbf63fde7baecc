// Facts a task contributes to document-wide rules: which clouds it acts on, which named
// resources (image, flavor, network, key) it uses, and which it creates.
import { deref, type YamlNode } from '../../yaml/positionedYaml';
import type { ResolvedModule } from '../moduleCatalog';
import type { ArgEntry } from './moduleArgs';
import { isDynamic } from './optionValues';

export type ResourceKind = 'image' | 'flavor' | 'network' | 'key_name';

/** A name written in the document; positions are read from the node, so they follow edits. */
export interface NamedValue {
  name: string;
  node: YamlNode;
}

export interface ResourceUse extends NamedValue {
  kind: ResourceKind;
}

export interface TaskFacts {
  /** Literal cloud names (with where each is written), or a variable to resolve through `vars`. */
  cloud: { names: NamedValue[] } | { variable: string } | undefined;
  uses: readonly ResourceUse[];
  defines: readonly ResourceUse[];
}

const NONE: readonly ResourceUse[] = [];

/** The facts of a task that is not an OpenStack module call (shared: facts are never changed). */
export const NO_FACTS: TaskFacts = { cloud: undefined, uses: NONE, defines: NONE };

const USED_OPTIONS: ReadonlySet<string> = new Set<ResourceKind>(['image', 'flavor', 'network', 'key_name']);

/** Options of OpenStack modules that name an existing image, flavor, network or key pair. */
export function isResourceOption(option: string): option is ResourceKind {
  return USED_OPTIONS.has(option);
}

/** An ID rather than a name (a resource may be given either way). */
export const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The module that creates a resource of a kind, by the name given in its `name` option. */
const CREATORS: Readonly<Record<string, ResourceKind>> = {
  'openstack.cloud.image': 'image',
  'openstack.cloud.compute_flavor': 'flavor',
  'openstack.cloud.network': 'network',
  'openstack.cloud.keypair': 'key_name',
};

function literal(value: YamlNode | undefined): NamedValue | undefined {
  const node = deref(value);
  if (node?.kind !== 'scalar' || typeof node.value !== 'string' || isDynamic(node)) return undefined;
  return { name: node.value, node };
}

/** The facts of an OpenStack module call with these options, acting on `cloud`. */
export function moduleFacts(module: ResolvedModule, entries: readonly ArgEntry[], cloud: TaskFacts['cloud']): TaskFacts {
  let uses: ResourceUse[] | undefined;
  for (const e of entries) {
    if (!USED_OPTIONS.has(e.key)) continue;
    const v = literal(e.value);
    if (v) (uses ??= []).push({ name: v.name, node: v.node, kind: e.key as ResourceKind });
  }
  let defines = NONE;
  const created = Object.hasOwn(CREATORS, module.fqcn) ? CREATORS[module.fqcn] : undefined;
  if (created) {
    const state = literal(entries.find((e) => e.key === 'state')?.value)?.name;
    const name = literal(entries.find((e) => e.key === 'name')?.value);
    if (name && state !== 'absent') defines = [{ name: name.name, node: name.node, kind: created }];
  }
  return { cloud, uses: uses ?? NONE, defines };
}
