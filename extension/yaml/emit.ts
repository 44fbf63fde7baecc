// A small YAML emitter for the files we write (exported playbooks, secure.yaml edits): block
// style, two-space indents, and every string plain only where PyYAML (what Ansible and
// openstacksdk read with) gives the same string back; otherwise double-quoted with escapes that
// PyYAML accepts. js-yaml's dump quotes by its own schema, not PyYAML's, hence this.
import { resolvePlainScalar } from './scalars';

/** A scalar written with a tag, always quoted: e.g. Ansible's `!unsafe "{{ not a template }}"`. */
export class TaggedString {
  constructor(readonly tag: string, readonly value: string) {}
}

export type YamlValue = string | number | boolean | null | TaggedString | readonly YamlValue[] | { readonly [key: string]: YamlValue };

// Words, paths, dotted names, single spaces between words: no indicator, comment or ': '.
const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./@+-]*(?: [A-Za-z0-9_./@+-]+)*$/;
// PyYAML resolves these to dates (resolvePlainScalar keeps them strings, as js-yaml's loader does).
const TIMESTAMP_LIKE = /^\d{4}-\d\d?-\d\d?/;

/** `s` as a YAML scalar that reads back as exactly the string `s`. */
export function yamlString(s: string): string {
  if (PLAIN_SAFE.test(s) && !TIMESTAMP_LIKE.test(s) && resolvePlainScalar(s) === s) return s;
  return doubleQuoted(s);
}

/** JSON's escapes are YAML's; PyYAML also refuses raw DEL, C1 controls and BOM-like code points. */
function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(value: YamlValue): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as YAML`);
    return String(value);
  }
  if (typeof value === 'string') return yamlString(value);
  if (value instanceof TaggedString) return `${value.tag} ${doubleQuoted(value.value)}`;
  if (Array.isArray(value) && value.length === 0) return '[]';
  if (!Array.isArray(value) && Object.keys(value).length === 0) return '{}';
  return undefined;
}

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item: YamlValue) => {
      const one = scalar(item);
      if (one !== undefined) return [`${indent}- ${one}`];
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first!.slice(indent.length + 2)}`, ...rest];
    });
  }
  return Object.entries(value as Record<string, YamlValue>).flatMap(([key, item]) => {
    const one = scalar(item);
    if (one !== undefined) return [`${indent}${yamlString(key)}: ${one}`];
    return [`${indent}${yamlString(key)}:`, ...lines(item, `${indent}  `)];
  });
}

/** A YAML document for `value`, after `comment` lines (each `# line`; control characters become '?'). */
export function emitYaml(value: YamlValue, comment: readonly string[] = []): string {
  const head = comment.flatMap((c) => c.split('\n')).map((c) => (c ? `# ${c.replace(/[\u0000-\u001f\u007f-\u009f\ufeff\ufffe\uffff]/g, '?')}` : '#'));
  const one = scalar(value);
  return [...head, ...(one !== undefined ? [one] : lines(value, ''))].join('\n') + '\n';
}
