// What a play or block passes down to its tasks: `collections:` (short module names) and
// `module_defaults:` (options a task need not repeat).
import { deref, entriesOf, toPlain, type YamlNode } from '../../yaml/positionedYaml';
import { COLLECTION, lookupModule, type CollectionMajor, type ResolvedModule } from '../moduleCatalog';
import { isDynamic } from './optionValues';
import type { LocalModules } from '../repositoryModules';

/** module_defaults entries in scope (outermost first); `unknown` when one of them is templated. */
export type DefaultsScope = readonly { name: string; options: readonly string[] | 'unknown' }[] | 'unknown';

export interface Scope {
  collections: readonly string[];
  defaults: DefaultsScope;
  /** The openstack.cloud version the repository targets. */
  major: CollectionMajor;
  /** Modules the repository provides itself (they shadow ours where Ansible finds them first). */
  local?: LocalModules;
  /**
   * Collections the file's place puts first in every search: the collection a playbook or role
   * inside an installed collection belongs to (Ansible's default collection). A play's
   * `collections:` comes after them, never instead of them.
   */
  located?: readonly string[];
}

export const ROOT_SCOPE: Scope = { collections: [], defaults: [], major: 2 };

/** The scope inside a play, block or task that may set `collections` and `module_defaults`. */
export function innerScope(outer: Scope, collections: YamlNode | undefined, moduleDefaults: YamlNode | undefined): Scope {
  let scope = outer;
  const c = deref(collections);
  if (c?.kind === 'seq') {
    const names = c.items.map((i) => deref(i)).flatMap((i) => (i?.kind === 'scalar' && typeof i.value === 'string' ? [i.value] : []));
    scope = { ...scope, collections: [...(outer.located ?? []).filter((l) => !names.includes(l)), ...names] };
  }
  if (moduleDefaults) scope = { ...scope, defaults: addDefaults(scope.defaults, moduleDefaults) };
  return scope;
}

function addDefaults(outer: DefaultsScope, node: YamlNode): DefaultsScope {
  if (outer === 'unknown') return outer;
  const d = deref(node);
  if (!d || isDynamic(d)) return 'unknown';
  const maps = d.kind === 'seq' ? d.items.map((i) => deref(i)) : [d];
  const added: { name: string; options: readonly string[] | 'unknown' }[] = [];
  for (const map of maps) {
    if (!map || isDynamic(map)) return 'unknown';
    if (map.kind !== 'map') continue;
    for (const e of entriesOf(map)) {
      const v = deref(e.value);
      added.push({ name: e.key, options: v?.kind === 'map' ? entriesOf(v).map((o) => o.key) : 'unknown' });
    }
  }
  return [...outer, ...added];
}

/** Options `module_defaults` gives this module, or undefined when they cannot be known. */
const NO_DEFAULTS: ReadonlySet<string> = new Set();

export function defaultsFor(defaults: DefaultsScope, module: ResolvedModule, collections: readonly string[]): ReadonlySet<string> | undefined {
  if (defaults === 'unknown') return undefined;
  if (defaults.length === 0) return NO_DEFAULTS;
  const given = new Set<string>();
  for (const d of defaults) {
    const applies = d.name === `group/${COLLECTION}.openstack` || d.name === 'group/openstack' || d.name === 'group/os' || resolvesTo(d.name, module, collections);
    if (!applies) continue;
    if (d.options === 'unknown') return undefined;
    for (const o of d.options) given.add(o);
  }
  return given;
}

function resolvesTo(name: string, module: ResolvedModule, collections: readonly string[]): boolean {
  const found = lookupModule(name, collections, module.major);
  return found.kind === 'module' && found.module.fqcn === module.fqcn;
}

const scopeKeys = new WeakMap<Scope, string>();

/** A stable key of a scope, so a cached task result is reused only under the same scope. */
export function scopeKey(scope: Scope): string {
  let key = scopeKeys.get(scope);
  if (key === undefined) {
    key = JSON.stringify([scope.collections, scope.defaults, scope.major, scope.local?.stamp ?? '']);
    scopeKeys.set(scope, key);
  }
  return key;
}

/** A plain value of a literal node (for variables), or undefined when it is dynamic or too big. */
export function literalValue(node: YamlNode | undefined): unknown {
  try {
    return node ? toPlain(node, 10_000) : undefined;
  } catch {
    return undefined;
  }
}
