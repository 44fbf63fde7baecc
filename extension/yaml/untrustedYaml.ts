// A cloud's answer shown as a read-only YAML document (server and image details). Everything in
// it is the cloud's text: bounded (string length, entries, depth), and no control character or
// bidirectional override reaches the editor raw: the emitter double-quotes any string that is not
// plain ASCII, and inside double quotes these characters are written as \uXXXX escapes.
import { emitYaml, type YamlValue } from './emit';

export interface UntrustedLimits {
  /** Characters of one string; the rest is cut with a note. */
  maxString: number;
  /** Entries of one map or list. */
  maxEntries: number;
  /** Nesting below this is written as a JSON-like one-line string. */
  maxDepth: number;
}

export const DETAILS_LIMITS: UntrustedLimits = { maxString: 4000, maxEntries: 200, maxDepth: 6 };

const BIDI_AND_SEPARATORS = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function cut(s: string, limits: UntrustedLimits): string {
  return s.length <= limits.maxString ? s : `${s.slice(0, limits.maxString)}… (${s.length - limits.maxString} more characters)`;
}

/** Any JSON value from a cloud as a bounded YamlValue (undefined and functions are left out). */
export function untrustedValue(value: unknown, limits: UntrustedLimits = DETAILS_LIMITS, depth = 0): YamlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return cut(value, limits);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value !== 'object') return cut(String(value), limits);
  if (depth >= limits.maxDepth) return cut(safeJson(value), limits);
  if (Array.isArray(value)) {
    const items = value.slice(0, limits.maxEntries).map((v) => untrustedValue(v, limits, depth + 1));
    return value.length > limits.maxEntries ? [...items, `… and ${value.length - limits.maxEntries} more`] : items;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const out: Record<string, YamlValue> = {};
  for (const [k, v] of entries.slice(0, limits.maxEntries)) out[cut(k, limits)] = untrustedValue(v, limits, depth + 1);
  if (entries.length > limits.maxEntries) out['…'] = `and ${entries.length - limits.maxEntries} more entries`;
  return out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '(not representable)';
  }
}

/**
 * The YAML document: `comment` lines (ours, not the cloud's) on top. Bidirectional marks and line
 * separators are escaped in the output: they only occur inside double-quoted scalars (the emitter
 * writes nothing but plain ASCII unquoted) or in comments, where an escape shows them as text too.
 */
export function untrustedYaml(value: YamlValue, comment: readonly string[] = []): string {
  return emitYaml(value, comment).replace(BIDI_AND_SEPARATORS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
