// Ansible's requirement checks of one module call (ansible-core ArgumentSpecValidator.validate):
// required options, mutually_exclusive (before defaults), then, once options with a non-None
// default are filled in, required_one_of / required_together / required_if / required_by.
// An option whose template can yield `omit` may be absent at run time: it makes an error only when
// the error happens either way, and a hint ("may be omitted") when it decides one.
import { deref } from '../../yaml/positionedYaml';
import type { Finding } from '../findings';
import type { OptionTable } from '../moduleCatalog';
import { mayBeOmitted, type ArgEntry } from './moduleArgs';
import type { ModuleCall } from './moduleRules';
import { convertedValue, isDynamic } from './optionValues';

/** Whether an option is in the parameters Ansible validates: surely, perhaps (omit), or not. */
type Presence = 'yes' | 'maybe' | 'no';

interface Stage {
  /** Options with a non-None default count as given (after Ansible's first `_set_defaults`). */
  defaults: boolean;
  /** A null value counts as absent (required_by tests `is None`; the other checks test the key). */
  nullIsAbsent: boolean;
}

const BEFORE_DEFAULTS: Stage = { defaults: false, nullIsAbsent: false };
const AFTER_DEFAULTS: Stage = { defaults: true, nullIsAbsent: false };
const VALUE_GIVEN: Stage = { defaults: true, nullIsAbsent: true };

class Options {
  private readonly fromModuleDefaults = new Set<string>();

  constructor(
    private readonly entries: ReadonlyMap<string, ArgEntry>,
    private readonly table: OptionTable,
    moduleDefaults: ReadonlySet<string>,
  ) {
    for (const name of moduleDefaults) {
      const c = table.canonical.get(name);
      if (c) this.fromModuleDefaults.add(c);
    }
  }

  presence(name: string, stage: Stage): Presence {
    if (this.fromModuleDefaults.has(name)) return 'yes';
    const hasDefault = stage.defaults && this.table.byName.get(name)?.default != null;
    const entry = this.entries.get(name);
    if (!entry) return hasDefault ? 'yes' : 'no';
    if (mayBeOmitted(entry)) return hasDefault ? 'yes' : 'maybe';
    const value = entry.value ? deref(entry.value) : undefined;
    if (value?.kind === 'scalar' && value.value === null && stage.nullIsAbsent) return 'no';
    return 'yes';
  }

  /** Counts of `names` surely and perhaps present. */
  count(names: readonly string[], stage: Stage): { yes: number; maybe: number } {
    let yes = 0;
    let maybe = 0;
    for (const name of names) {
      const p = this.presence(name, stage);
      if (p === 'yes') yes++;
      else if (p === 'maybe') maybe++;
    }
    return { yes, maybe };
  }

  missing(names: readonly string[], stage: Stage): string[] {
    return names.filter((n) => this.presence(n, stage) !== 'yes');
  }
}

const MAYBE = ' (an option given as a template with omit may be left out)';

export function checkRequirements(call: ModuleCall, table: OptionTable, entries: ReadonlyMap<string, ArgEntry>, out: Finding[]): void {
  if (call.args.open || call.defaults === undefined) return;
  const options = new Options(entries, table, call.defaults);
  const spec = call.module.spec;
  const at = { start: call.keyStart, end: call.keyEnd };
  const fq = call.module.fqcn;
  const report = (certain: boolean, code: string, message: string, where = at) => {
    out.push({ ...where, severity: certain ? 'error' : 'hint', code, message: certain ? message : message + MAYBE });
  };

  const required = options.count(table.required, BEFORE_DEFAULTS);
  if (required.yes < table.required.length) report(required.yes + required.maybe < table.required.length, 'missing-required-option', `${fq} requires ${list(options.missing(table.required, BEFORE_DEFAULTS))}`);

  for (const group of spec.mutually_exclusive ?? []) {
    if (options.count(group, BEFORE_DEFAULTS).yes < 2) continue; // an option that may be omitted never conflicts for certain
    const set = group.filter((o) => options.presence(o, BEFORE_DEFAULTS) === 'yes');
    const second = entries.get(set[1]!);
    report(true, 'mutually-exclusive', `options ${list(set, 'and')} of ${fq} are mutually exclusive`, second && !second.merged ? { start: second.keyNode.start, end: second.keyNode.end } : at);
  }
  for (const group of spec.required_one_of ?? []) {
    const n = options.count(group, AFTER_DEFAULTS);
    if (n.yes === 0) report(n.maybe === 0, 'required-one-of', `${fq} needs one of ${list(group, 'or')}`);
  }
  for (const group of spec.required_together ?? []) {
    const n = options.count(group, AFTER_DEFAULTS);
    const absent = group.length - n.yes - n.maybe;
    // Fails when some are given and some not; when every one may be omitted, they usually are together.
    if (n.yes + n.maybe === 0 || (absent === 0 && (n.maybe === 0 || n.yes === 0))) continue;
    const certain = n.yes > 0 && absent > 0;
    report(certain, 'required-together', `options ${list(group, 'and')} of ${fq} must be given together (missing ${list(options.missing(group, AFTER_DEFAULTS))})`);
  }
  for (const [option, needs] of table.requiredBy) {
    const key = options.presence(option, VALUE_GIVEN);
    const n = options.count(needs, VALUE_GIVEN);
    if (key === 'no' || n.yes === needs.length) continue;
    report(key === 'yes' && n.yes + n.maybe < needs.length, 'required-by', `option '${option}' of ${fq} requires ${list(options.missing(needs, VALUE_GIVEN))}`);
  }
  for (const [option, trigger, needs, anyOf] of spec.required_if ?? []) {
    const value = effectiveValue(option, table, entries);
    if (value === DYNAMIC || value !== trigger) continue;
    const n = options.count(needs, AFTER_DEFAULTS);
    const mayFail = anyOf ? n.yes === 0 : n.yes < needs.length;
    if (!mayFail) continue;
    const fails = anyOf ? n.yes + n.maybe === 0 : n.yes + n.maybe < needs.length;
    const why = entries.has(option) ? `${option} is ${String(trigger)}` : `${option} is ${String(trigger)} (the default)`;
    report(fails, 'required-if', `${fq} needs ${anyOf ? `one of ${list(needs, 'or')}` : list(options.missing(needs, AFTER_DEFAULTS))} when ${why}`);
  }
}

const DYNAMIC = Symbol('dynamic');

/** The value Ansible compares with a required_if trigger: the given one, else the default. */
function effectiveValue(option: string, table: OptionTable, entries: ReadonlyMap<string, ArgEntry>): unknown {
  const spec = table.byName.get(option);
  const entry = entries.get(option);
  if (!entry) return spec?.default ?? null;
  if (!entry.value) return DYNAMIC; // key=value form: a string, compare loosely
  const node = deref(entry.value);
  if (!node || isDynamic(node) || node.kind !== 'scalar') return DYNAMIC;
  return convertedValue(spec?.type, node);
}

export function list(names: readonly string[], conj = 'and'): string {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${conj} ${quoted[quoted.length - 1]}`;
}
