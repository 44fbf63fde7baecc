// The value of one key against its spec (keys.ts): type, allowed values, format, deprecation and
// "ignored" notes. Only what openstacksdk or keystoneauth really fail on is an error (issue 11,
// held to them by test/unit/config-error-oracle.test.ts); the rest is a warning saying why.
import { deref, type YamlNode } from '../../yaml/positionedYaml';
import type { Severity } from '../../yaml/problem';
import { didYouMean } from '../../yaml/didYouMean';
import { acceptedTypes, enumCode, isAllowedValue, type KeySpec, type ValueType } from '../keys';
import { checkFormat } from './formats';
import type { NodeCheckContext } from './nodeChecks';

export interface Pair {
  key: string;
  keyNode: YamlNode;
  value: YamlNode;
}

export function report(ctx: NodeCheckContext, node: YamlNode, severity: Severity, code: string, message: string, data?: Record<string, unknown>): void {
  ctx.problems.push({ file: ctx.file.path, range: ctx.file.yaml.lines.range(node.start, node.end), severity, code, message, ...(data ? { data } : {}) });
}

export function yamlType(node: YamlNode | undefined): ValueType {
  const n = deref(node);
  if (!n) return 'null';
  if (n.kind === 'map') return 'object';
  if (n.kind === 'seq') return 'array';
  if (n.kind !== 'scalar') return 'null';
  const v = n.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) && !/[.eE]/.test(n.text) ? 'integer' : 'number';
  return 'string';
}


/** Where a value stands: region values are laid over the cloud after its profile and region are chosen. */
export type Place = 'cloud' | 'region' | 'profile' | 'other';

/** Keys whose region value openstacksdk never reads (the profile is resolved and the region named before). */
const NOT_READ_IN_REGION = new Set(['profile', 'cloud', 'region_name']);

const isEmpty = (node: YamlNode | undefined): boolean => {
  const n = deref(node);
  return n?.kind === 'map' ? n.pairs.length === 0 : n?.kind === 'seq' ? n.items.length === 0 : n?.kind === 'scalar' && n.value === '';
};

/**
 * Whether a value of another structural type makes openstacksdk or keystoneauth raise (the spec's
 * `wrongTypeFails`); a null region value is skipped by openstacksdk, an empty one is unset.
 */
function wrongTypeFails(spec: KeySpec, p: Pair, place: Place): boolean {
  if (place === 'region' && (yamlType(p.value) === 'null' || NOT_READ_IN_REGION.has(spec.name))) return false;
  return spec.wrongTypeFails === 'always' || (spec.wrongTypeFails === 'nonEmpty' && !isEmpty(p.value));
}

/** Type, allowed values, format, deprecation and "ignored" notes of one value against its spec. */
export function checkValue(ctx: NodeCheckContext, spec: KeySpec, p: Pair, display: string, place: Place = 'other'): void {
  const type = yamlType(p.value);
  const allowed = spec.types;
  const accepted = acceptedTypes(spec);
  if (!accepted.includes(type) && !(type === 'integer' && accepted.includes('number'))) {
    const structural = type === 'object' || type === 'array' || allowed.every((t) => t === 'object' || t === 'array');
    const trap = spec.types.includes('boolean') && type === 'string' ? ' (a non-empty string is true to openstacksdk, whatever it says: write true or false without quotes)' : '';
    const fails = structural && wrongTypeFails(spec, p, place);
    const lenient = structural && !fails ? ' (openstacksdk does not fail on it, but does not read it as meant either)' : '';
    report(ctx, p.value, fails ? 'error' : 'warning', 'invalid-type', `${display} should be ${allowed.join(' or ')}, not ${type}${trap}${lenient}`, { key: p.key, expected: allowed });
    return;
  }
  const value = deref(p.value);
  const items = value?.kind === 'seq' && allowed.includes('array') && spec.values ? value.items.map((i) => deref(i)) : [value];
  const known = (text: string) => isAllowedValue(spec, text);
  // keystoneauth takes the first interface of a list that the catalog has: one known is enough.
  const anyKnown = spec.values !== undefined && items.some((i) => i?.kind === 'scalar' && i.value !== null && known(String(i.value)));
  for (const item of items) {
    // An empty value is unset to openstacksdk: it uses the default.
    if (item?.kind !== 'scalar' || item.value === null || item.value === '') continue;
    const text = String(item.value);
    if (spec.values && !known(text)) {
      const suggestion = didYouMean(text, spec.values);
      const data = { allowed: spec.values, ...(suggestion ? { suggestion } : {}) };
      const hint = suggestion ? `: did you mean '${suggestion}'?` : '';
      const message = `${display} must be one of ${spec.values.join(', ')}, not '${text}'${hint}`;
      if (spec.otherValues) report(ctx, item, 'warning', 'unusual-value', `${display} should be one of ${spec.values.join(', ')}, not '${text}' (${spec.otherValues})${hint}`, data);
      else if (items.length > 1 && anyKnown) report(ctx, item, 'warning', enumCode(spec), `${message} (keystoneauth skips it and uses the next interface of the list)`, data);
      else report(ctx, item, 'error', enumCode(spec), message, data);
    }
    const formatError = spec.format && (typeof item.value === 'string' || typeof item.value === 'number') ? checkFormat(spec.format, item.value) : undefined;
    if (formatError) {
      const code = spec.format === 'version' ? 'V-16' : spec.format === 'url' ? 'invalid-url' : 'invalid-format';
      report(ctx, item, spec.format === 'version' ? 'warning' : 'error', code, `${display}: ${formatError}`);
    }
  }
  if (spec.ignored) report(ctx, p.keyNode, 'warning', spec.name === 'split_loggers' ? 'V-17' : 'ignored-key', `${display}: ${spec.ignored}`);
  else if (spec.deprecated && spec.name !== 'cloud') report(ctx, p.keyNode, 'info', 'deprecated-key', `${display} is deprecated: use ${spec.deprecated}`, { replacement: spec.deprecated });
}
