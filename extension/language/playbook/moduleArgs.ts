// The options a task passes to its module: the mapping under the module key (merge keys
// included), `args:`, or the old `key=value` string form. Templated argument sets are "open":
// their options are only known at run time, so completeness rules are not applied to them.
import { deref, entriesOf, type MapEntry, type YamlNode } from '../../yaml/positionedYaml';
import { isTemplated } from '../jinja';

export interface ArgEntry {
  name: string;
  keyStart: number;
  keyEnd: number;
  /** The value node; undefined for `key=value` strings (their value is text). */
  value?: YamlNode;
  /** True when the entry comes through a merge key (`<<: *defaults`): its key is written elsewhere. */
  merged: boolean;
}

export interface ModuleArgs {
  entries: ArgEntry[];
  /** True when some options come from a template (`args: "{{ x }}"`), so the full set is unknown. */
  open: boolean;
}

export function collectArgs(moduleValue: YamlNode | undefined, argsKeyword: YamlNode | undefined, text: string): ModuleArgs {
  const options = argsKeyword ? undefined : deref(moduleValue);
  // The usual form: options under the module key only (a mapping's entries have distinct keys).
  if (options?.kind === 'map') return { entries: entriesOf(options).map(argEntry), open: false };
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
      for (const e of entriesOf(node)) byName.set(e.key, argEntry(e));
    } else if (node.kind === 'scalar' && typeof node.value === 'string') {
      if (node.tag === '!vault') result.open = true;
      else for (const e of freeFormArgs(node.start, node.end, node.text, text, result)) byName.set(e.name, e);
    } else if (node.kind === 'scalar' && node.value === null) {
      // `openstack.cloud.server:` with nothing after it: no options.
    } else {
      result.open = true;
    }
  }
  result.entries = [...byName.values()];
  return result;
}

function argEntry(e: MapEntry): ArgEntry {
  return { name: e.key, keyStart: e.keyNode.start, keyEnd: e.keyNode.end, value: e.value, merged: e.merged };
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
    entries.push({ name: m[1], keyStart, keyEnd, merged: false });
    outsideTemplate = outsideTemplate.replace(m[0], '');
  }
  if (isTemplated(outsideTemplate)) result.open = true;
  return entries;
}
