// Type and choice checks of module option values, with Ansible's own conversions
// (module_utils/common/validation.py check_type_*): "yes" is a bool, "8" is an int, a
// comma-separated string is a list. Templated and vaulted values are known only at run time.
import { deref, type YamlNode, type YamlScalar } from '../../yaml/positionedYaml';
import { isTemplated } from '../jinja';
import type { OptionSpec, OptionType } from '../moduleCatalog';

/** Ansible's BOOLEANS_TRUE/BOOLEANS_FALSE, compared lower-cased. */
const BOOLEAN_STRINGS = new Set(['y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f']);
const TRUE_STRINGS = new Set(['y', 'yes', 'on', '1', 'true', 't']);

/** True when the value is decided at run time: a template, a vaulted secret, or an alias we cannot see. */
export function isDynamic(node: YamlNode | undefined): boolean {
  if (!node) return true;
  if (node.kind !== 'scalar') return false;
  if (node.tag === '!vault') return true;
  return typeof node.value === 'string' && node.tag !== '!unsafe' && isTemplated(node.value);
}

function describe(node: YamlNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'scalar') {
    if (typeof node.value === 'boolean') return `the boolean ${node.text}`;
    if (typeof node.value === 'number') return `the number ${node.text}`;
    return `'${node.text}'`;
  }
  return 'an alias';
}

const EXPECTED: Record<OptionType, string> = {
  str: 'a string',
  int: 'an integer',
  bool: 'a boolean (true/false)',
  float: 'a number',
  list: 'a list',
  dict: 'a mapping',
  raw: 'any value',
};

/** Whether Ansible converts `node` to `type` without failing. */
export function acceptsType(type: OptionType, node: YamlNode): boolean {
  if (type === 'raw') return true;
  if (node.kind === 'map') return type === 'dict';
  if (node.kind === 'seq') return type === 'list';
  if (node.kind !== 'scalar') return true;
  const v = node.value;
  switch (type) {
    case 'str':
      return true;
    case 'list':
      return true; // a string is split on commas, a number becomes a one-item list
    case 'dict':
      return typeof v === 'string' && stringIsDict(v);
    case 'bool':
      if (typeof v === 'boolean') return true;
      if (typeof v === 'number') return v === 0 || v === 1;
      return typeof v === 'string' && BOOLEAN_STRINGS.has(v.trim().toLowerCase());
    case 'int':
      if (typeof v === 'boolean') return true;
      if (typeof v === 'number') return Number.isInteger(v);
      return typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v);
    case 'float':
      if (typeof v === 'boolean' || typeof v === 'number') return true;
      return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v.trim()));
  }
}

/** check_type_dict of a string: JSON text, or `k=v` fields (separated by spaces or commas). */
function stringIsDict(v: string): boolean {
  const t = v.trim();
  if (t.startsWith('{')) {
    try {
      return typeof JSON.parse(t) === 'object';
    } catch {
      return false;
    }
  }
  const fields = t.split(/[\s,]+/).filter((f) => f !== '');
  return fields.length > 0 && fields.every((f) => f.includes('='));
}

/** check_type_list of a scalar: a string split on commas, a number (or boolean) as one string. */
function listItemsOf(node: YamlScalar): YamlScalar[] {
  const v = node.value;
  const texts = typeof v === 'string' ? v.split(',') : [pythonStr(v)];
  return texts.map((text) => ({ ...node, value: text, text, style: 'double' }));
}

/** The value Ansible would pass the module, for comparing with choices and `required_if` values. */
export function convertedValue(type: OptionType | undefined, node: YamlScalar): unknown {
  const v = node.value;
  switch (type) {
    case 'bool':
      if (typeof v === 'string') return TRUE_STRINGS.has(v.trim().toLowerCase());
      return typeof v === 'number' ? v === 1 : v;
    case 'int':
    case 'float':
      return typeof v === 'string' ? Number(v.trim()) : typeof v === 'boolean' ? Number(v) : v;
    case 'str':
    case undefined:
      return pythonStr(v);
    default:
      return v;
  }
}

/** `str(value)` as Python prints a YAML-loaded scalar. */
function pythonStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null) return 'None';
  return String(v);
}

export interface ValueIssue {
  node: YamlNode;
  message: string;
  /** For a value that is not among the choices: the closest choice. */
  choices?: readonly string[];
}

const NO_ISSUES: readonly ValueIssue[] = [];

/** Type and choice problems of one option value (its list elements included). Nothing for dynamic values. */
export function checkOptionValue(name: string, spec: OptionSpec, raw: YamlNode): readonly ValueIssue[] {
  const node = deref(raw);
  if (!node || isDynamic(node) || (node.kind === 'scalar' && node.value === null)) return NO_ISSUES;
  const type = spec.type ?? 'str';
  if (!acceptsType(type, node)) {
    return [{ node, message: `option '${name}' expects ${EXPECTED[type]}, got ${describe(node)}` }];
  }
  if (type === 'list' && node.kind === 'scalar' && spec.elements && spec.elements !== 'str' && spec.elements !== 'raw') {
    const bad = listItemsOf(node).find((item) => !acceptsType(spec.elements!, item));
    if (bad) return [{ node, message: `items of '${name}' must be ${EXPECTED[spec.elements]}, got '${bad.text}' (from ${describe(node)})` }];
  }
  if (type === 'list' && node.kind === 'seq') {
    const issues: ValueIssue[] = [];
    for (const item of node.items) {
      const element = deref(item);
      if (!element || isDynamic(element)) continue;
      if (spec.elements && !acceptsType(spec.elements, element)) {
        issues.push({ node: element, message: `items of '${name}' must be ${EXPECTED[spec.elements]}, got ${describe(element)}` });
      } else if (spec.choices && element.kind === 'scalar') {
        issues.push(...choiceIssue(name, spec.elements, spec.choices, element));
      }
    }
    return issues;
  }
  if (spec.choices && node.kind === 'scalar') return choiceIssue(name, type, spec.choices, node);
  return NO_ISSUES;
}

function choiceIssue(name: string, type: OptionType | undefined, choices: readonly unknown[], node: YamlScalar): readonly ValueIssue[] {
  const value = convertedValue(type, node);
  if (choices.some((c) => c === value || (typeof c !== 'string' && String(c) === String(value)) || (typeof c === 'string' && c === node.text))) return NO_ISSUES;
  const names = choices.map((c) => pythonStr(c));
  return [{ node, message: `'${node.text}' is not a valid value of '${name}'; expected one of: ${names.join(', ')}`, choices: names }];
}
