// Scalars as PyYAML's safe_load reads them (YAML 1.1: yes/no/on/off are booleans, 010 is octal),
// and js-yaml's scalar styles by name. Used by the tree builder for every scalar it makes.
import { YAML11_SCHEMA, SCALAR_STYLE } from './jsYaml';
import type { ScalarStyle, ScalarValue } from './positionedYaml';

const PYYAML_BOOLEANS: Record<string, boolean> = {
  yes: true, Yes: true, YES: true, true: true, True: true, TRUE: true, on: true, On: true, ON: true,
  no: false, No: false, NO: false, false: false, False: false, FALSE: false, off: false, Off: false, OFF: false,
};

/** First letters of the YAML 1.1 boolean words (y/Y, n/N, t/T, f/F, o/O). */
function mayStartBoolean(code: number): boolean {
  switch (code | 0x20) {
    case 0x79: // y
    case 0x6e: // n
    case 0x74: // t
    case 0x66: // f
    case 0x6f: // o
      return true;
    default:
      return false;
  }
}

/** Resolves a plain scalar as PyYAML's YAML 1.1 resolver does (timestamps stay strings). */
export function resolvePlainScalar(text: string): ScalarValue {
  // Fast path: a word that cannot be a bool, null, number or timestamp (most keys and names).
  const first = text.charCodeAt(0);
  const letter = (first >= 97 && first <= 122) || (first >= 65 && first <= 90);
  if (letter && !mayStartBoolean(first)) return text;
  if (Object.hasOwn(PYYAML_BOOLEANS, text)) return PYYAML_BOOLEANS[text]!;
  if (text === 'y' || text === 'Y' || text === 'n' || text === 'N') return text; // bool in js-yaml's 1.1 schema, str in PyYAML
  // Of the 1.1 schema's implicit types, only bool and null may start with a letter (js-yaml
  // indexes them by first character the same way): `name`, `tasks`, `flavor` are strings.
  if (letter) return text === 'null' || text === 'Null' || text === 'NULL' ? null : text;
  const { value, tag } = YAML11_SCHEMA.resolveImplicitScalarTag(text);
  switch (tag.tagName) {
    case 'tag:yaml.org,2002:null':
      return null;
    case 'tag:yaml.org,2002:int':
    case 'tag:yaml.org,2002:float':
      return value as number;
    default:
      return text;
  }
}

export function resolveTagged(text: string, tag: string): ScalarValue {
  switch (tag) {
    case '!!str':
    case '!vault':
    case '!unsafe':
      return text;
    case '!!int':
    case '!!float': {
      const n = resolvePlainScalar(text);
      return typeof n === 'number' ? n : text;
    }
    case '!!bool': {
      const b = resolvePlainScalar(text);
      return typeof b === 'boolean' ? b : text;
    }
    case '!!null':
      return null;
    default:
      return text; // unknown local tags are opaque strings for our purposes
  }
}

/** Scalar style names by js-yaml's SCALAR_STYLE number. */
export const STYLE_NAMES: readonly ScalarStyle[] = (() => {
  const names: ScalarStyle[] = [];
  names[SCALAR_STYLE.PLAIN] = 'plain';
  names[SCALAR_STYLE.SINGLE_QUOTED] = 'single';
  names[SCALAR_STYLE.DOUBLE_QUOTED] = 'double';
  names[SCALAR_STYLE.LITERAL_BLOCK] = 'literal';
  names[SCALAR_STYLE.FOLDED_BLOCK] = 'folded';
  return names;
})();
