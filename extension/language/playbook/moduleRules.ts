// Rules of one OpenStack module call: unknown, renamed or removed options, types and choices,
// required options and Ansible's conditional requirements (mutually_exclusive, required_if,
// required_one_of, required_together, required_by), and the legacy os_* → FQCN fix.
import { deref, entriesOf, type YamlNode } from '../../yaml/positionedYaml';
import { didYouMean } from '../../yaml/didYouMean';
import type { Finding, OffsetEdit } from '../findings';
import { LEGACY_COMMON_OPTIONS, optionTable, suboptionTable, type OptionSpec, type OptionTable, type ResolvedModule } from '../moduleCatalog';
import type { ArgEntry, ModuleArgs } from './moduleArgs';
import { checkOptionValue, convertedValue, isDynamic } from './optionValues';

export interface ModuleCall {
  module: ResolvedModule;
  /** Range of the module name as written (the task's action key). */
  keyStart: number;
  keyEnd: number;
  args: ModuleArgs;
  /** Options supplied by `module_defaults` in scope; undefined when they cannot be known. */
  defaults: ReadonlySet<string> | undefined;
}

export function checkModuleCall(call: ModuleCall, text: string, out: Finding[]): void {
  const { module, args } = call;
  const table = optionTable(module.fqcn);
  if (module.form === 'legacy') out.push(legacyNameFinding(call, table));

  const present = new Map<string, ArgEntry>(); // canonical name → entry
  for (const entry of args.entries) {
    const canonical = table.canonical.get(entry.key);
    if (canonical === undefined) {
      out.push(unknownOptionFinding(call, entry, table, text));
      continue;
    }
    const earlier = present.get(canonical);
    if (earlier && !entry.merged) {
      out.push({ start: entry.keyNode.start, end: entry.keyNode.end, severity: 'warning', code: 'duplicate-option', message: `'${entry.key}' and '${earlier.key}' both set option '${canonical}'; only one value is used` });
    }
    present.set(canonical, entry);
    const spec = table.byName.get(canonical)!;
    if (spec.deprecated && !entry.merged) {
      out.push({ start: entry.keyNode.start, end: entry.keyNode.end, severity: 'info', code: 'deprecated-option', message: `option '${canonical}' of ${module.fqcn} is deprecated`, deprecated: true });
    }
    if (entry.value) checkValue(canonical, spec, entry.value, text, out);
  }
  checkRequirements(call, table, present, out);
}

function legacyNameFinding(call: ModuleCall, table: OptionTable): Finding {
  const { module } = call;
  const edits: OffsetEdit[] = [{ start: call.keyStart, end: call.keyEnd, newText: module.fqcn }];
  for (const entry of call.args.entries) {
    const renamed = module.spec.renamed_in_2x?.[entry.key];
    if (renamed && !entry.merged && table.byName.has(renamed)) edits.push({ start: entry.keyNode.start, end: entry.keyNode.end, newText: renamed });
  }
  const renames = edits.length - 1;
  return {
    start: call.keyStart,
    end: call.keyEnd,
    severity: 'info',
    code: 'legacy-module',
    message: `'${module.written}' is the legacy (collection 1.x) name of ${module.fqcn}; ansible-core only redirects it`,
    deprecated: true,
    suggestion: module.fqcn,
    fixes: [{ title: `Use ${module.fqcn}${renames ? ` and its 2.x option names (${renames} renamed)` : ''}`, edits, preferred: true }],
  };
}

function unknownOptionFinding(call: ModuleCall, entry: ArgEntry, table: OptionTable, text: string): Finding {
  const { module } = call;
  const where = { start: entry.keyNode.start, end: entry.keyNode.end, severity: 'error' as const };
  if (module.spec.removed_in_2x?.includes(entry.key)) {
    return { ...where, code: 'removed-option', message: `option '${entry.key}' was removed from ${module.fqcn} in collection 2.x` };
  }
  if (Object.hasOwn(LEGACY_COMMON_OPTIONS, entry.key)) {
    return { ...where, code: 'removed-option', message: `'${entry.key}' was a common option of every module in collection 1.x; ${module.fqcn} (2.x) does not accept it` };
  }
  const suggestion = didYouMean(entry.key, table.canonical.keys());
  const canonical = suggestion === undefined ? undefined : table.canonical.get(suggestion);
  const target = canonical && canonical !== suggestion ? `${suggestion}' (alias of '${canonical}` : suggestion;
  const finding: Finding = {
    ...where,
    code: 'unknown-option',
    message: `${module.fqcn} has no option '${entry.key}'${suggestion ? `; did you mean '${target}'?` : ''}`,
  };
  if (suggestion && !entry.merged && text.slice(entry.keyNode.start, entry.keyNode.end) === entry.key) {
    finding.suggestion = suggestion;
    finding.fixes = [{ title: `Change to '${suggestion}'`, edits: [{ start: entry.keyNode.start, end: entry.keyNode.end, newText: suggestion }], preferred: true }];
  }
  return finding;
}

function checkValue(name: string, spec: OptionSpec, value: YamlNode, text: string, out: Finding[]): void {
  for (const issue of checkOptionValue(name, spec, value)) {
    const finding: Finding = { start: issue.node.start, end: issue.node.end, severity: 'error', code: issue.choices ? 'invalid-choice' : 'option-type', message: issue.message };
    const choice = issue.choices && issue.node.kind === 'scalar' ? didYouMean(issue.node.text, issue.choices) : undefined;
    if (choice !== undefined && issue.node.kind === 'scalar') {
      const quote = issue.node.style === 'double' ? '"' : issue.node.style === 'single' ? "'" : '';
      if (issue.node.style !== 'literal' && issue.node.style !== 'folded' && !text.slice(issue.node.start, issue.node.end).includes('\n')) {
        finding.message += `; did you mean '${choice}'?`;
        finding.suggestion = choice;
        finding.fixes = [{ title: `Change to '${choice}'`, edits: [{ start: issue.node.start, end: issue.node.end, newText: quote + choice + quote }], preferred: true }];
      }
    }
    out.push(finding);
  }
  const node = deref(value);
  if (!spec.suboptions || !node || isDynamic(node)) return;
  const sub = suboptionTable(spec.suboptions);
  const maps = node.kind === 'map' ? [node] : node.kind === 'seq' ? node.items.map((i) => deref(i)).filter((i) => i?.kind === 'map') : [];
  for (const map of maps) {
    if (map?.kind !== 'map') continue;
    for (const e of entriesOf(map)) {
      const canonical = sub.canonical.get(e.key);
      if (canonical === undefined) {
        const suggestion = didYouMean(e.key, sub.canonical.keys());
        out.push({
          start: e.keyNode.start,
          end: e.keyNode.end,
          severity: 'error',
          code: 'unknown-option',
          message: `option '${name}' has no key '${e.key}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          ...(suggestion && !e.merged ? { suggestion, fixes: [{ title: `Change to '${suggestion}'`, edits: [{ start: e.keyNode.start, end: e.keyNode.end, newText: suggestion }], preferred: true }] } : {}),
        });
      } else {
        checkValue(`${name}.${canonical}`, sub.byName.get(canonical)!, e.value, text, out);
      }
    }
  }
}

/** Present = given with a value (null counts as absent, as Ansible treats None) or set by module_defaults. */
/** Which options a call gives: with a value other than null (Ansible's None), or through module_defaults. */
class GivenOptions {
  private readonly fromDefaults: ReadonlySet<string> | undefined;

  constructor(private readonly entries: ReadonlyMap<string, ArgEntry>, defaults: ReadonlySet<string>, table: OptionTable) {
    if (defaults.size) {
      const canonical = new Set<string>();
      for (const name of defaults) {
        const c = table.canonical.get(name);
        if (c) canonical.add(c);
      }
      this.fromDefaults = canonical;
    }
  }

  has(name: string): boolean {
    const entry = this.entries.get(name);
    if (entry) {
      const v = entry.value ? deref(entry.value) : undefined;
      if (!(v?.kind === 'scalar' && v.value === null)) return true;
    }
    return this.fromDefaults?.has(name) ?? false;
  }

  /** How many of `names` are given (counted without building a list: most groups are satisfied). */
  count(names: readonly string[]): number {
    let n = 0;
    for (const name of names) if (this.has(name)) n++;
    return n;
  }
}

function checkRequirements(call: ModuleCall, table: OptionTable, entries: Map<string, ArgEntry>, out: Finding[]): void {
  if (call.args.open || call.defaults === undefined) return;
  const given = new GivenOptions(entries, call.defaults, table);
  const spec = call.module.spec;
  const at = { start: call.keyStart, end: call.keyEnd, severity: 'error' as const };
  const fq = call.module.fqcn;
  if (given.count(table.required) < table.required.length) {
    out.push({ ...at, code: 'missing-required-option', message: `${fq} requires ${list(table.required.filter((name) => !given.has(name)))}` });
  }
  for (const group of spec.mutually_exclusive ?? []) {
    if (given.count(group) > 1) {
      const set = group.filter((o) => given.has(o));
      const second = entries.get(set[1]!);
      out.push({ ...(second && !second.merged ? { start: second.keyNode.start, end: second.keyNode.end } : at), severity: 'error', code: 'mutually-exclusive', message: `options ${list(set, 'and')} of ${fq} are mutually exclusive` });
    }
  }
  for (const group of spec.required_one_of ?? []) {
    if (!group.some((o) => given.has(o))) out.push({ ...at, code: 'required-one-of', message: `${fq} needs one of ${list(group, 'or')}` });
  }
  for (const group of spec.required_together ?? []) {
    const set = given.count(group);
    if (set && set < group.length) {
      out.push({ ...at, code: 'required-together', message: `options ${list(group, 'and')} of ${fq} must be given together (missing ${list(group.filter((o) => !given.has(o)))})` });
    }
  }
  for (const [option, needs] of table.requiredBy) {
    if (!given.has(option) || given.count(needs) === needs.length) continue;
    out.push({ ...at, code: 'required-by', message: `option '${option}' of ${fq} requires ${list(needs.filter((o) => !given.has(o)))}` });
  }
  for (const [option, trigger, needs, anyOf] of spec.required_if ?? []) {
    const value = effectiveValue(option, table, entries);
    if (value === DYNAMIC || value !== trigger) continue;
    const present = given.count(needs);
    const fails = anyOf ? present === 0 : present < needs.length;
    if (!fails) continue;
    const missing = needs.filter((o) => !given.has(o));
    const why = entries.has(option) ? `${option} is ${String(trigger)}` : `${option} is ${String(trigger)} (the default)`;
    out.push({ ...at, code: 'required-if', message: `${fq} needs ${anyOf ? `one of ${list(needs, 'or')}` : list(missing)} when ${why}` });
  }
}

const DYNAMIC = Symbol('dynamic');

function effectiveValue(option: string, table: OptionTable, entries: Map<string, ArgEntry>): unknown {
  const spec = table.byName.get(option);
  const entry = entries.get(option);
  if (!entry) return spec?.default ?? null;
  if (!entry.value) return DYNAMIC; // key=value form: a string, compare loosely
  const node = deref(entry.value);
  if (!node || isDynamic(node) || node.kind !== 'scalar') return DYNAMIC;
  return convertedValue(spec?.type, node);
}

function list(names: readonly string[], conj = 'and'): string {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${conj} ${quoted[quoted.length - 1]}`;
}

