// The options a task passes to its module: the mapping under the module key (merge keys
// included), `args:`, or the old `key=value` string form. Templated argument sets are "open":
// their options are only known at run time, so completeness rules are not applied to them.
import { deref, entriesOf, type YamlNode } from '../../yaml/positionedYaml';
import { isTemplated, mayYieldOmit } from '../jinja';

/**
 * One option as written: a mapping entry (so the usual form needs no copy of the module
 * mapping's entries), or a `key=value` word with a key node made for it.
 */
export interface ArgEntry {
  key: string;
  /** Where the option's name is written (the whole scalar when a `key=value` string cannot be mapped exactly). */
  keyNode: YamlNode;
  /** The value node; undefined for `key=value` strings (their value is text). */
  value?: YamlNode;
  /** True when the entry comes through a merge key (`<<: *defaults`): its key is written elsewhere. */
  merged: boolean;
}

export interface ModuleArgs {
  entries: readonly ArgEntry[];
  /** True when some options come from a template (`args: "{{ x }}"`), so the full set is unknown. */
  open: boolean;
}

/** True when the option's value is a template that can yield `omit`: Ansible may leave it out. */
export function mayBeOmitted(entry: ArgEntry): boolean {
  const v = entry.value ? deref(entry.value) : undefined;
  return v?.kind === 'scalar' && typeof v.value === 'string' && v.tag !== '!unsafe' && isTemplated(v.value) && mayYieldOmit(v.value);
}

export function collectArgs(moduleValue: YamlNode | undefined, argsKeyword: YamlNode | undefined, text: string): ModuleArgs {
  const options = argsKeyword ? undefined : deref(moduleValue);
  // The usual form: options under the module key only (a mapping's entries have distinct keys).
  if (options?.kind === 'map') return { entries: entriesOf(options), open: false };
  const result: ModuleArgs = { entries: [], open: false };
  const byName = new Map<string, ArgEntry>();
  // `args:` first: options written inline on the module win over it.
  for (const source of [argsKeyword, moduleValue]) {
    if (!source) continue;
    const node = deref(source);
    if (!node) {
      result.open = true;
      continue;
    }
    if (node.kind === 'map') {
      for (const e of entriesOf(node)) byName.set(e.key, e);
    } else if (node.kind === 'scalar' && typeof node.value === 'string') {
      if (node.tag === '!vault') result.open = true;
      else for (const e of freeFormArgs(node.start, node.end, node.text, text, result)) byName.set(e.key, e);
    } else if (node.kind === 'scalar' && node.value === null) {
      // `openstack.cloud.server:` with nothing after it: no options.
    } else {
      result.open = true;
    }
  }
  result.entries = [...byName.values()];
  return result;
}

/**
 * `name=web image="Ubuntu 24.04"`: Ansible's key=value form. Positions are exact when the
 * scalar is written on one line as it reads; otherwise they fall back to the whole scalar.
 */
function freeFormArgs(start: number, end: number, value: string, text: string, result: ModuleArgs): ArgEntry[] {
  const source = text.slice(start, end);
  const offset = source === value ? start : source.slice(1, -1) === value ? start + 1 : -1;
  const entries: ArgEntry[] = [];
  const token = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\{\{.*?\}\}|\S+)?|\S+/g;
  let outsideTemplate = value;
  for (let m = token.exec(value); m; m = token.exec(value)) {
    if (m[1] === undefined) {
      if (isTemplated(m[0])) result.open = true; // a bare "{{ args }}" expands to options
      continue;
    }
    const keyStart = offset >= 0 ? offset + m.index : start;
    const keyEnd = offset >= 0 ? keyStart + m[1].length : end;
    entries.push({ key: m[1], keyNode: { kind: 'scalar', text: m[1], value: m[1], style: 'plain', start: keyStart, end: keyEnd }, merged: false });
    outsideTemplate = outsideTemplate.replace(m[0], '');
  }
  if (isTemplated(outsideTemplate)) result.open = true;
  return entries;
}
