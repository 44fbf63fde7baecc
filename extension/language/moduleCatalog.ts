// The bundled knowledge of the openstack.cloud collection (2.x, and 1.10.0 for repositories that
// pin 1.x) and of Ansible's playbook keywords, with the name resolution Ansible applies: FQCN,
// legacy `os_*` names (redirected by ansible-core) and short names under `collections:`.
import data from './data/openstack-modules.json';
import data1 from './data/openstack-modules-1.x.json';
import { didYouMean as bestMatch } from '../yaml/didYouMean';
import type { LocalModules } from './repositoryModules';

export type OptionType = 'str' | 'int' | 'bool' | 'float' | 'list' | 'dict' | 'raw';

export interface OptionSpec {
  type?: OptionType;
  required?: boolean;
  default?: unknown;
  choices?: readonly unknown[];
  aliases?: readonly string[];
  elements?: OptionType;
  no_log?: boolean;
  deprecated?: boolean;
  description?: string;
  suboptions?: Readonly<Record<string, OptionSpec>>;
}

/** `[option, value, requirements, anyOf?]`: when option == value, the requirements are needed. */
export type RequiredIf = readonly [string, unknown, readonly string[], boolean?];

export interface ModuleSpec {
  description: string;
  options: Readonly<Record<string, OptionSpec>>;
  uses_common_options?: false;
  mutually_exclusive?: readonly (readonly string[])[];
  required_if?: readonly RequiredIf[];
  required_one_of?: readonly (readonly string[])[];
  required_together?: readonly (readonly string[])[];
  required_by?: Readonly<Record<string, string | readonly string[]>>;
  overrides_common_options?: readonly string[];
  legacy_names?: readonly string[];
  /** 1.x option name → its 2.x name (the old name still works as an alias). */
  renamed_in_2x?: Readonly<Record<string, string>>;
  /** Options of 1.x that 2.x no longer accepts. */
  removed_in_2x?: readonly string[];
  /** Removed 1.x option → the 2.x option that replaced it (`policies` → `policy`). */
  migrated_in_2x?: Readonly<Record<string, string>>;
}

/** The major version of openstack.cloud a repository targets: 1 (1.10.0) or 2 (2.5.0). */
export type CollectionMajor = 1 | 2;

export const COLLECTION_VERSIONS: Readonly<Record<CollectionMajor, string>> = { 1: (data1 as { version: string }).version, 2: '2.5.0' };

interface KeywordData {
  play: readonly string[];
  block: readonly string[];
  task: readonly string[];
  handler_extra: readonly string[];
  role_include: readonly string[];
  loop_control: readonly string[];
  with_builtin_lookups: readonly string[];
  removed: Readonly<Record<string, string>>;
  descriptions: Readonly<Record<string, string>>;
}

const modules2 = data.modules as unknown as Readonly<Record<string, ModuleSpec>>;
const modules1 = data1.modules as unknown as Readonly<Record<string, ModuleSpec>>;
/** 1.x: a legacy `os_*` name (also under openstack.cloud.) → the module it is a copy of. */
const legacyNames1 = data1.legacy_names as Readonly<Record<string, string>>;
const modulesOf = (major: CollectionMajor) => (major === 1 ? modules1 : modules2);
const commonOptions = data.common_options as unknown as Readonly<Record<string, OptionSpec>>;
const legacyAliases = data.legacy_aliases as Readonly<Record<string, string>>;
const builtinRedirects = data.ansible_core_builtin_redirects as Readonly<Record<string, string>>;
export const KEYWORDS = data.keywords as unknown as KeywordData;
export const COLLECTION = 'openstack.cloud';
export const COLLECTION_PREFIX = `${COLLECTION}.`;
export const LEGACY_COMMON_OPTIONS = data.common_options_legacy_only as unknown as Readonly<Record<string, OptionSpec>>;

export type ModuleNameForm = 'fqcn' | 'short' | 'legacy';

export interface ResolvedModule {
  /** The name as written in the task. */
  written: string;
  /** `openstack.cloud.<name>` the task runs. */
  fqcn: string;
  spec: ModuleSpec;
  form: ModuleNameForm;
  /** The collection version whose spec this is. */
  major: CollectionMajor;
}

/** The result of looking up a task's action name: resolved, broken (known to fail) or not ours. */
export type ModuleLookup =
  | { kind: 'module'; module: ResolvedModule }
  | { kind: 'unknown'; written: string; suggestion?: string; reason: string }
  /** A module file of the repository itself (its library/ or a vendored collection) that Ansible runs instead: not ours to check. */
  | { kind: 'local'; written: string }
  | { kind: 'foreign' };

export function moduleNames(major: CollectionMajor = 2): string[] {
  return Object.keys(modulesOf(major));
}

export function moduleSpec(fqcn: string, major: CollectionMajor = 2): ModuleSpec | undefined {
  const modules = modulesOf(major);
  return Object.hasOwn(modules, fqcn) ? modules[fqcn] : undefined;
}

export function shortName(fqcn: string): string {
  return fqcn.startsWith(COLLECTION_PREFIX) ? fqcn.slice(COLLECTION_PREFIX.length) : fqcn;
}

/** Whether `collections:` in scope lets short names resolve into openstack.cloud. */
export function collectionInScope(collections: readonly string[]): boolean {
  return collections.includes(COLLECTION);
}

/** The 2.x FQCN a legacy name runs as, when it runs at all. */
export function legacyTarget(name: string): string | undefined {
  const bare = name.startsWith('ansible.builtin.') ? name.slice('ansible.builtin.'.length) : name;
  if (Object.hasOwn(builtinRedirects, bare)) return builtinRedirects[bare];
  if (Object.hasOwn(legacyAliases, bare) && bare.startsWith('os_')) return legacyAliases[bare];
  return undefined;
}

/** Lookups already made, by major version, without and with openstack.cloud in `collections:` (results are shared: never change them). */
const lookups = [new Map<string, ModuleLookup>(), new Map<string, ModuleLookup>(), new Map<string, ModuleLookup>(), new Map<string, ModuleLookup>()] as const;
/** Names remembered at most per table (action names come from documents being typed). */
const MAX_REMEMBERED_LOOKUPS = 2000;

/**
 * Resolves the action of a task as Ansible would: `openstack.cloud.x`, a legacy `os_x`
 * (redirected to its 2.x module), or a short `x` when openstack.cloud is in `collections:`.
 * Names that are neither (another collection, ansible.builtin) are `foreign`: not ours to judge.
 */
export function lookupModule(name: string, collections: readonly string[], major: CollectionMajor = 2, local?: LocalModules): ModuleLookup {
  const found = lookupKnown(name, collections, major);
  return local && (local.library.size || local.collection.size) && runsLocalModule(name, collections, major, found, local) ? { kind: 'local', written: name } : found;
}

function lookupKnown(name: string, collections: readonly string[], major: CollectionMajor): ModuleLookup {
  const inScope = collectionInScope(collections);
  const memo = lookups[(inScope ? 1 : 0) + (major === 1 ? 2 : 0)];
  let found = memo.get(name);
  if (!found) {
    if (memo.size >= MAX_REMEMBERED_LOOKUPS) memo.clear();
    found = major === 1 ? resolveModule1(name, inScope) : resolveModule(name, inScope);
    memo.set(name, found);
  }
  return found;
}

const LOCAL_LOOKUP_PREFIX = 'ansible.legacy.';

/**
 * Whether Ansible runs a module file of the repository for this name (ansible-core's
 * `_resolve_plugin_step`): a full name only in its own collection; a short name is tried in each
 * collection of `collections:` in order, then in `ansible.legacy` (appended unless ansible.builtin
 * or ansible.legacy is listed), whose search takes the library folders before ansible.builtin's
 * redirects (`os_server` → openstack.cloud.server) as its last resort.
 */
function runsLocalModule(name: string, collections: readonly string[], major: CollectionMajor, known: ModuleLookup, local: LocalModules): boolean {
  if (name.startsWith(LOCAL_LOOKUP_PREFIX)) return inLibrary(name.slice(LOCAL_LOOKUP_PREFIX.length), local);
  if (name.includes('.')) return known.kind === 'unknown' && local.collection.has(name);
  const order = !collections.length ? ['ansible.legacy'] : collections.includes('ansible.builtin') || collections.includes('ansible.legacy') ? collections : [...collections, 'ansible.legacy'];
  for (const c of order) {
    if (c === 'ansible.legacy') return inLibrary(name, local);
    if (c === 'ansible.builtin' && Object.hasOwn(builtinRedirects, name)) return false;
    if (c === COLLECTION && collectionHas(name, major, local)) return false;
  }
  return false;
}

/** The legacy search also accepts a deprecated `_name` file for `name`. */
function inLibrary(name: string, local: LocalModules): boolean {
  return local.library.has(name) || (!name.startsWith('_') && local.library.has(`_${name}`));
}

/** openstack.cloud (the targeted version, or the vendored copy) has a module of this short name. */
function collectionHas(short: string, major: CollectionMajor, local: LocalModules): boolean {
  const fqcn = COLLECTION_PREFIX + short;
  return moduleSpec(fqcn, major) !== undefined || (major === 1 && Object.hasOwn(legacyNames1, short)) || local.collection.has(fqcn);
}

/** Collection 1.10.0: its own modules, its `os_*` copies (bare names via ansible-core's redirects). */
function resolveModule1(name: string, inScope: boolean): ModuleLookup {
  const found = (fqcn: string, form: ModuleNameForm): ModuleLookup | undefined => {
    const spec = moduleSpec(fqcn, 1);
    return spec ? { kind: 'module', module: { written: name, fqcn, spec, form, major: 1 } } : undefined;
  };
  const legacyOf = (short: string) => (Object.hasOwn(legacyNames1, short) ? legacyNames1[short] : undefined);
  if (name.startsWith(COLLECTION_PREFIX)) {
    const short = shortName(name);
    const hit = found(name, 'fqcn') ?? (legacyOf(short) ? found(legacyOf(short)!, 'legacy') : undefined);
    return hit ?? { kind: 'unknown', written: name, suggestion: suggestModule(name, 1), reason: `the ${COLLECTION} collection ${COLLECTION_VERSIONS[1]} has no module '${short}'` };
  }
  const redirect = legacyTarget(name);
  if (redirect !== undefined) {
    const hit = found(redirect, 'legacy') ?? (legacyOf(shortName(redirect)) ? found(legacyOf(shortName(redirect))!, 'legacy') : undefined);
    return hit ?? { kind: 'unknown', written: name, reason: `'${name}' redirects to ${redirect}, which the ${COLLECTION} collection ${COLLECTION_VERSIONS[1]} does not have` };
  }
  if (inScope) {
    const hit = found(COLLECTION_PREFIX + name, 'short') ?? (legacyOf(name) ? found(legacyOf(name)!, 'legacy') : undefined);
    if (hit) return hit;
  }
  return { kind: 'foreign' };
}

function resolveModule(name: string, inScope: boolean): ModuleLookup {
  if (name.startsWith(COLLECTION_PREFIX)) {
    const spec = moduleSpec(name);
    if (spec) return { kind: 'module', module: { written: name, fqcn: name, spec, form: 'fqcn', major: 2 } };
    const viaLegacy = legacyAliases[shortName(name)];
    const suggestion = viaLegacy && moduleSpec(viaLegacy) ? viaLegacy : suggestModule(name);
    return { kind: 'unknown', written: name, suggestion, reason: `the ${COLLECTION} collection (2.x) has no module '${shortName(name)}'` };
  }
  const legacy = legacyTarget(name);
  if (legacy !== undefined) {
    const spec = moduleSpec(legacy);
    if (spec) return { kind: 'module', module: { written: name, fqcn: legacy, spec, form: 'legacy', major: 2 } };
    // os_*_facts: ansible-core redirects them to openstack.cloud.os_*_info, which 2.x no longer has.
    const info = name.replace(/^(ansible\.builtin\.)?os_/, '').replace(/_facts$/, '_info');
    const suggestion = [`${COLLECTION_PREFIX}${info}`, legacyAliases[`os_${info}`]].find((n) => n && moduleSpec(n));
    return { kind: 'unknown', written: name, suggestion, reason: `'${name}' redirects to ${legacy}, which the ${COLLECTION} collection 2.x no longer has` };
  }
  if (inScope) {
    const fqcn = COLLECTION_PREFIX + name;
    const spec = moduleSpec(fqcn);
    if (spec) return { kind: 'module', module: { written: name, fqcn, spec, form: 'short', major: 2 } };
  }
  if (/^os_[a-z_]+$/.test(name)) {
    return { kind: 'unknown', written: name, suggestion: suggestModule(`${COLLECTION_PREFIX}${name.slice(3)}`), reason: `'${name}' is not a module of the ${COLLECTION} collection nor a legacy name of one` };
  }
  return { kind: 'foreign' };
}

function suggestModule(fqcn: string, major: CollectionMajor = 2): string | undefined {
  const short = shortName(fqcn);
  const names = moduleNames(major).map(shortName);
  const best = bestMatch(short, names);
  return best ? COLLECTION_PREFIX + best : undefined;
}

export interface OptionTable {
  /** Canonical name → spec (module options over the common ones). */
  byName: ReadonlyMap<string, OptionSpec>;
  /** Options the argspec marks required=True. */
  required: readonly string[];
  /** Any accepted spelling (canonical or alias) → canonical name. */
  canonical: ReadonlyMap<string, string>;
  /** `required_by` as a list: option → the options it needs. */
  requiredBy: readonly (readonly [string, readonly string[]])[];
}

const optionTables = new Map<string, OptionTable>();

export function optionTable(fqcn: string, major: CollectionMajor = 2): OptionTable {
  const key = major === 2 ? fqcn : `1:${fqcn}`;
  let table = optionTables.get(key);
  if (!table) {
    table = buildOptionTable(moduleSpec(fqcn, major)!);
    optionTables.set(key, table);
  }
  return table;
}

const suboptionTables = new WeakMap<Readonly<Record<string, OptionSpec>>, OptionTable>();

export function suboptionTable(options: Readonly<Record<string, OptionSpec>>): OptionTable {
  let table = suboptionTables.get(options);
  if (!table) {
    table = buildOptionTable({ description: '', options, uses_common_options: false });
    suboptionTables.set(options, table);
  }
  return table;
}

function buildOptionTable(spec: ModuleSpec): OptionTable {
  const byName = new Map<string, OptionSpec>();
  if (spec.uses_common_options !== false) for (const [name, o] of Object.entries(commonOptions)) byName.set(name, o);
  for (const [name, o] of Object.entries(spec.options)) byName.set(name, o);
  const canonical = new Map<string, string>();
  for (const [name, o] of byName) {
    canonical.set(name, name);
    for (const alias of o.aliases ?? []) if (!canonical.has(alias)) canonical.set(alias, name);
  }
  const required = [...byName].filter(([, o]) => o.required).map(([name]) => name);
  const requiredBy = Object.entries(spec.required_by ?? {}).map(([option, needs]) => [option, typeof needs === 'string' ? [needs] : needs] as const);
  return { byName, canonical, required, requiredBy };
}

export function isCommonOption(name: string): boolean {
  return Object.hasOwn(commonOptions, name);
}

export function moduleDocsUrl(fqcn: string): string {
  return `https://docs.ansible.com/ansible/latest/collections/openstack/cloud/${shortName(fqcn)}_module.html`;
}
