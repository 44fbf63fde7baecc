// One task: which keys are keywords, which one is the action, and, for OpenStack modules, the
// module call's rules. Also records the facts cross-task rules need (cloud, resources used and
// created), so they can run over cached tasks without walking them again.
import { deref, entriesOf, withPairs, type EntryLookup, type MapEntry, type YamlMap, type YamlNode } from '../../yaml/positionedYaml';
import { didYouMean } from '../../yaml/didYouMean';
import type { Finding } from '../findings';
import { templateVariable } from '../jinja';
import { collectionInScope, lookupModule, moduleNames, optionTable, shortName, type CollectionMajor } from '../moduleCatalog';
import { COMMON_BUILTIN_MODULES, LOOP_CONTROL_KEYS, intendedKeyword, isKeyword, misspeltLookup, removedKeyword, type Level } from './keywords';
import { collectArgs } from './moduleArgs';
import { checkModuleCall } from './moduleRules';
import { isDynamic } from './optionValues';
import { defaultsFor, type DefaultsScope } from './scope';
import { NO_FACTS, moduleFacts, type TaskFacts, type NamedValue } from './facts';
import type { LocalModules } from '../repositoryModules';

export interface TaskScope {
  collections: readonly string[];
  defaults: DefaultsScope;
  level: Extract<Level, 'task' | 'handler'>;
  major: CollectionMajor;
  local?: LocalModules;
}

const FQCN = /^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$/;

function looksLikeAction(name: string, scope: TaskScope): boolean {
  return FQCN.test(name) || COMMON_BUILTIN_MODULES.has(name) || lookupModule(name, scope.collections, scope.major, scope.local).kind !== 'foreign';
}

function keyFinding(e: MapEntry, code: string, message: string, suggestion?: string, severity: Finding['severity'] = 'error'): Finding {
  const f: Finding = { start: e.keyNode.start, end: e.keyNode.end, severity, code, message };
  if (suggestion !== undefined && !e.merged) {
    f.suggestion = suggestion;
    f.fixes = [{ title: `Change to '${suggestion}'`, edits: [{ start: e.keyNode.start, end: e.keyNode.end, newText: suggestion }], preferred: true }];
  }
  return f;
}

export function checkTask(entries: readonly MapEntry[], byKey: EntryLookup, scope: TaskScope, text: string, out: Finding[]): TaskFacts {
  let candidates: MapEntry[] = [];
  let removedAction = false;
  for (const e of entries) {
    if (isKeyword(scope.level, e.key)) {
      const lookup = misspeltLookup(e.key);
      if (lookup) out.push(keyFinding(e, 'unknown-lookup', `ansible-core has no '${e.key.slice(5)}' lookup; did you mean '${lookup}'?`, lookup, 'warning'));
      continue;
    }
    const removed = removedKeyword(e.key, scope.level);
    removedAction ||= e.key === 'include';
    if (removed?.deprecatedUntil) {
      out.push(keyFinding(e, 'removed-keyword', `'${e.key}' is deprecated, and removed from ansible-core ${removed.deprecatedUntil} on: ${removed.reason}`, removed.replacement, 'warning'));
      continue;
    }
    if (removed) {
      out.push(keyFinding(e, 'removed-keyword', `'${e.key}' is no longer accepted: ${removed.reason}`, removed.replacement));
      continue;
    }
    const sameWord = intendedKeyword(scope.level, e.key, false);
    if (sameWord) {
      out.push(keyFinding(e, 'unknown-keyword', `'${e.key}' is not a task keyword; did you mean '${sameWord}'?`, sameWord));
      continue;
    }
    candidates.push(e);
  }
  const hasActionKeyword = byKey.has('action') || byKey.has('local_action');
  const misindented = candidates.length > 1 && !hasActionKeyword ? misindentedOptions(candidates, scope) : undefined;
  if (misindented) {
    out.push(misindented);
    return NO_FACTS;
  }
  if (candidates.length > 1 || (candidates.length === 1 && hasActionKeyword)) {
    candidates = candidates.filter((e) => {
      if (looksLikeAction(e.key, scope)) return true;
      const close = intendedKeyword(scope.level, e.key, true);
      if (!close) return true;
      out.push(keyFinding(e, 'unknown-keyword', `'${e.key}' is not a task keyword; did you mean '${close}'?`, close));
      return false;
    });
  }
  if (candidates.length + (hasActionKeyword ? 1 : 0) > 1) {
    const names = [...candidates.map((e) => e.key), ...(hasActionKeyword ? [byKey.has('action') ? 'action' : 'local_action'] : [])];
    for (const e of candidates.slice(hasActionKeyword ? 0 : 1)) {
      out.push(keyFinding(e, 'conflicting-actions', `a task has one action, this one has ${names.length}: ${names.join(', ')}`));
    }
  }
  checkLoopControl(byKey.get('loop_control'), out);

  const action = actionOf(candidates[0], byKey);
  if (!action) {
    if (!hasActionKeyword && !removedAction && entries.length > 0 && candidates.length === 0) {
      out.push({ start: entries[0]!.keyNode.start, end: entries[0]!.keyNode.end, severity: 'error', code: 'no-action', message: 'this task has no action: add a module (e.g. openstack.cloud.server) or use block' });
    }
    return NO_FACTS;
  }
  const lookup = lookupModule(action.name, scope.collections, scope.major, scope.local);
  // The repository's own module: Ansible runs it, not ours, so our specs say nothing about it.
  if (lookup.kind === 'local') return NO_FACTS;
  if (lookup.kind === 'unknown') {
    out.push({ start: action.keyStart, end: action.keyEnd, severity: 'error', code: 'unknown-module', message: `${lookup.reason}${lookup.suggestion ? `; did you mean '${lookup.suggestion}'?` : ''}`, ...moduleFix(action, lookup.suggestion, text) });
    return NO_FACTS;
  }
  if (lookup.kind === 'foreign') {
    // Only when nothing but ansible.builtin is searched: another collection may be the one meant.
    const builtinOnly = scope.collections.every((c) => c === 'ansible.builtin' || c === 'ansible.legacy');
    if (builtinOnly && !action.name.includes('.') && !COMMON_BUILTIN_MODULES.has(action.name)) {
      const fqcn = `openstack.cloud.${action.name}`;
      if (lookupModule(fqcn, [], scope.major).kind === 'module') {
        out.push({ start: action.keyStart, end: action.keyEnd, severity: 'hint', code: 'short-module-name', message: `'${action.name}' resolves only with openstack.cloud in collections:, which is not in scope here; the full name is ${fqcn}`, ...moduleFix(action, fqcn, text) });
        return NO_FACTS;
      }
    }
    const onlyOurs = scope.collections.every((c) => c === 'openstack.cloud' || c === 'ansible.builtin' || c === 'ansible.legacy');
    if (collectionInScope(scope.collections) && onlyOurs && !COMMON_BUILTIN_MODULES.has(action.name) && !action.name.includes('.')) {
      const close = didYouMean(action.name, moduleNames(scope.major).map(shortName));
      if (close) out.push({ start: action.keyStart, end: action.keyEnd, severity: 'error', code: 'unknown-module', message: `no module '${action.name}' in openstack.cloud or ansible.builtin; did you mean '${close}'?`, ...moduleFix(action, close, text) });
    }
    return NO_FACTS;
  }
  const args = collectArgs(action.value, action.viaActionKeyword ? undefined : byKey.get('args')?.value, text);
  checkModuleCall({ module: lookup.module, keyStart: action.keyStart, keyEnd: action.keyEnd, args, defaults: defaultsFor(scope.defaults, lookup.module, scope.collections) }, text, out);
  const cloudEntry = args.entries.find((e) => e.key === 'cloud');
  return moduleFacts(lookup.module, args.entries, cloudReference(cloudEntry?.value, byKey));
}

/**
 * `openstack.cloud.server:` with nothing under it and its options beside it, at the task's
 * indentation: one mistake, so one finding (not one per option taken for a keyword or action).
 */
function misindentedOptions(candidates: readonly MapEntry[], scope: TaskScope): Finding | undefined {
  const module = candidates.find((e) => {
    const v = deref(e.value);
    return v?.kind === 'scalar' && v.value === null && lookupModule(e.key, scope.collections, scope.major, scope.local).kind === 'module';
  });
  if (!module) return undefined;
  const lookup = lookupModule(module.key, scope.collections, scope.major, scope.local);
  if (lookup.kind !== 'module') return undefined;
  const table = optionTable(lookup.module.fqcn, lookup.module.major);
  const others = candidates.filter((e) => e !== module);
  if (!others.every((e) => table.canonical.has(e.key))) return undefined;
  return {
    start: module.keyNode.start,
    end: module.keyNode.end,
    severity: 'error',
    code: 'misindented-options',
    message: `the options ${others.map((e) => `'${e.key}'`).join(', ')} of ${lookup.module.fqcn} are not indented under it: Ansible reads them as task keys and calls the module without them`,
  };
}

interface Action {
  name: string;
  keyStart: number;
  keyEnd: number;
  value: YamlNode | undefined;
  viaActionKeyword: boolean;
}

/** The module key of the task, or the module named inside `action:` / `local_action:`. */
function actionOf(candidate: MapEntry | undefined, byKey: EntryLookup): Action | undefined {
  if (candidate) return { name: candidate.key, keyStart: candidate.keyNode.start, keyEnd: candidate.keyNode.end, value: candidate.value, viaActionKeyword: false };
  const entry = byKey.get('action') ?? byKey.get('local_action');
  const node = deref(entry?.value);
  if (!node) return undefined;
  if (node.kind === 'map') {
    const module = entriesOf(node).find((e) => e.key === 'module');
    const name = deref(module?.value);
    if (!module || name?.kind !== 'scalar' || typeof name.value !== 'string') return undefined;
    const rest = withPairs(node, node.pairs.filter((p) => p.key !== module.keyNode));
    return { name: name.value, keyStart: name.start, keyEnd: name.end, value: rest, viaActionKeyword: true };
  }
  if (node.kind === 'scalar' && typeof node.value === 'string' && !isDynamic(node)) {
    const m = /^\s*(\S+)/.exec(node.value);
    if (!m) return undefined;
    const offset = node.style === 'plain' ? node.start : node.start + 1;
    const argsText = node.value.slice(m[0].length);
    const argsNode: YamlNode = { kind: 'scalar', text: argsText, value: argsText, style: 'plain', start: offset + m[0].length, end: node.end - (node.style === 'plain' ? 0 : 1) };
    return { name: m[1]!, keyStart: offset + m.index + (m[0].length - m[1]!.length), keyEnd: offset + m[0].length, value: argsNode, viaActionKeyword: true };
  }
  return undefined;
}

function moduleFix(action: Action, suggestion: string | undefined, text: string): Partial<Finding> {
  if (!suggestion || text.slice(action.keyStart, action.keyEnd) !== action.name) return {};
  return { suggestion, fixes: [{ title: `Change to '${suggestion}'`, edits: [{ start: action.keyStart, end: action.keyEnd, newText: suggestion }], preferred: true }] };
}

function checkLoopControl(entry: MapEntry | undefined, out: Finding[]): void {
  const node = deref(entry?.value);
  if (node?.kind !== 'map') return;
  for (const e of entriesOf(node)) {
    if (LOOP_CONTROL_KEYS.has(e.key)) continue;
    const close = didYouMean(e.key, LOOP_CONTROL_KEYS);
    out.push(keyFinding(e, 'unknown-keyword', `'${e.key}' is not a loop_control keyword${close ? `; did you mean '${close}'?` : ''}`, close));
  }
}

/**
 * The clouds a task talks to: a literal `cloud: name`, or `cloud: "{{ item }}"` over a literal
 * loop (`loop:` / `with_items:` listing cloud names), or a variable resolved later through `vars`.
 */
function cloudReference(value: YamlNode | undefined, byKey: EntryLookup): TaskFacts['cloud'] {
  const node = deref(value);
  if (node?.kind !== 'scalar' || typeof node.value !== 'string' || node.tag === '!vault') return undefined;
  if (!isDynamic(node)) return { names: [{ name: node.value, node }] };
  const variable = templateVariable(node.value);
  if (!variable) return undefined;
  const loopVar = deref(deref(byKey.get('loop_control')?.value)?.kind === 'map' ? entriesOf(deref(byKey.get('loop_control')!.value) as YamlMap).find((e) => e.key === 'loop_var')?.value : undefined);
  const loopVarName = loopVar?.kind === 'scalar' ? String(loopVar.value) : 'item';
  if (variable !== loopVarName) return { variable };
  const loop = byKey.get('loop') ?? byKey.get('with_items') ?? byKey.get('with_list');
  const loopNode = deref(loop?.value);
  if (loopNode?.kind === 'seq') return { names: literalNames(loopNode.items) };
  if (loopNode?.kind === 'scalar' && typeof loopNode.value === 'string') {
    const listVar = templateVariable(loopNode.value);
    if (listVar) return { variable: listVar };
  }
  return undefined;
}

export function literalNames(items: readonly YamlNode[]): NamedValue[] {
  const names: NamedValue[] = [];
  for (const item of items) {
    const n = deref(item);
    if (n?.kind === 'scalar' && typeof n.value === 'string' && !isDynamic(n)) names.push({ name: n.value, node: n });
  }
  return names;
}

