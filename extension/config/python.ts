// The few Python behaviours openstacksdk's config code relies on, reproduced exactly: str() of
// values, float repr, str.format with a mapping, dict merges, and the int-vs-float distinction
// (PyYAML gives `2.0` as a float, which openstacksdk turns into the string '2.0', not '2').

/** A Python float read from YAML/JSON. Plain JS numbers stand for Python ints. */
export class PyFloat {
  /** How many were ever made: while none exists, nothing needs converting for JSON. */
  static made = 0;
  constructor(readonly value: number) {
    PyFloat.made++;
  }
  toJSON(): number | null {
    return Number.isFinite(this.value) ? this.value : null;
  }
  toString(): string {
    return pyFloatRepr(this.value);
  }
}

/** A config value as openstacksdk holds it: what PyYAML/json give, after our conversion. */
export type PyValue = string | number | boolean | null | PyFloat | PyValue[] | PyDict;
export interface PyDict {
  [key: string]: PyValue;
}

export function isDict(v: unknown): v is PyDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PyFloat);
}

/** Python's repr(float): shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else if (digits.length <= exp + 1) out = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return negative ? `-${out}` : out;
}

/** Python's repr() of a string (single quotes unless the text has one and no double quote). */
function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

/** Python's repr() of a value (used inside str() of containers). */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isDict(v)) return `{${Object.entries(v).map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return pyStr(v);
}

/** Python's str() of a value. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(BigInt(v)) : pyFloatRepr(v);
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  return pyRepr(v);
}

/** Python truthiness (`if value:`). */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

/** Raised where Python would raise: the message names the Python exception. */
export class PyError extends Error {
  constructor(readonly pyType: string, message: string) {
    super(`${pyType}: ${message}`);
  }
}

/**
 * Python's `template.format(**mapping)` for the forms clouds.yaml uses: `{name}`, `{name!s}`,
 * `{name!r}`, `{{` and `}}`. Positional fields raise IndexError, unknown names KeyError, as in
 * Python; attribute/index access and format specs raise an "unsupported" PyError.
 */
export function pyFormat(template: string, mapping: Readonly<Record<string, unknown>>, override?: Readonly<Record<string, unknown>>): string {
  if (!template.includes('{') && !template.includes('}')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === '}') {
      if (template[i + 1] !== '}') throw new PyError('ValueError', "Single '}' encountered in format string");
      out += '}';
      i += 2;
      continue;
    }
    if (ch !== '{') {
      out += ch;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    const close = template.indexOf('}', i + 1);
    if (close === -1) throw new PyError('ValueError', "expected '}' before end of string");
    const field = template.slice(i + 1, close);
    if (field.includes('{')) throw new PyError('ValueError', 'nested replacement fields are not supported here');
    out += formatField(field, mapping, override);
    i = close + 1;
  }
  return out;
}

function formatField(field: string, mapping: Readonly<Record<string, unknown>>, override?: Readonly<Record<string, unknown>>): string {
  const m = /^([^.[!:]*)(?:!([sra]))?(?::(.*))?$/.exec(field);
  if (!m) throw new PyError('ValueError', `unsupported format field {${field}}`);
  const [, name = '', conversion, spec] = m;
  if (name === '' || /^\d+$/.test(name)) throw new PyError('IndexError', `Replacement index ${name || 0} out of range for positional args tuple`);
  const source = override && Object.hasOwn(override, name) ? override : mapping;
  if (!Object.hasOwn(source, name)) throw new PyError('KeyError', pyStrRepr(name));
  if (spec) throw new PyError('ValueError', `format specification in {${field}} is not supported`);
  const value = source[name];
  return conversion === 'r' || conversion === 'a' ? pyRepr(value) : pyStr(value);
}

/**
 * A shallow copy of a dict, without the `skip` key. Copying key by key keeps V8's fast object
 * layout; `{...d}` of a config-sized object is several times slower (and so is `delete`).
 */
export function copyDict(d: Readonly<PyDict>, skip?: string): PyDict {
  const out: PyDict = {};
  for (const k in d) if (k !== skip && k !== '__proto__') out[k] = d[k]!;
  return out;
}

/** `copy.deepcopy` of a config value (PyFloat instances are immutable and shared). */
export function deepCopy<T extends PyValue | undefined>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  if (isDict(v)) {
    const out: PyDict = {};
    for (const k of Object.keys(v)) out[k] = deepCopy(v[k]!);
    return out as T;
  }
  return v;
}

/**
 * openstacksdk `_util.normalize_keys`: `-` -> `_` in keys (recursively in dicts), ints and floats
 * -> str. Returns the input itself when nothing changes (no copy, no garbage): callers treat
 * nested values as read-only.
 */
export function normalizeKeys(config: PyDict): PyDict {
  let out: PyDict | undefined;
  let index = 0;
  for (const rawKey in config) {
    const value = config[rawKey]!;
    const key = rawKey.includes('-') ? rawKey.replaceAll('-', '_') : rawKey;
    let next: PyValue = value;
    if (typeof value === 'number') next = key === 'verbose_level' || key === 'api_timeout' ? value : pyStr(value);
    else if (value instanceof PyFloat) next = pyFloatRepr(value.value);
    else if (isDict(value)) next = normalizeKeys(value);
    if (!out && (key !== rawKey || next !== value)) {
      out = {};
      let i = 0;
      for (const k in config) {
        if (i++ === index) break;
        out[k] = config[k]!;
      }
    }
    if (out) out[key] = next;
    index++;
  }
  return out ?? config;
}

/** openstacksdk `_util.merge_clouds`: dicts merge recursively, anything else replaces. */
export function mergeClouds(base: PyDict, over: PyDict): PyDict {
  const out = copyDict(base);
  for (const [k, v] of Object.entries(over)) {
    if (k === '__proto__') continue; // (JSON.parse makes it an own key; assigning it would set the prototype)
    if (isDict(v)) {
      const old = out[k];
      out[k] = Object.hasOwn(out, k) && isDict(old) ? mergeClouds(old, v) : { ...v };
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** openstacksdk loader `get_boolean`: None -> False, bool kept, else `value.lower() == 'true'`. */
export function getBoolean(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw new PyError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'lower'`);
}

export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'string') return 'str';
  if (v instanceof PyFloat) return 'float';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

/** Replaces PyFloat by plain numbers, for JSON output and for consumers that do not care; copies only what changes. */
export function toJsonValue(v: unknown): unknown {
  if (PyFloat.made === 0) return v;
  if (v instanceof PyFloat) return v.toJSON();
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = toJsonValue(v[i]);
      if (x !== v[i]) (out ??= v.slice())[i] = x;
    }
    return out ?? v;
  }
  if (isDict(v)) {
    let out: Record<string, unknown> | undefined;
    for (const k in v) {
      const x = toJsonValue(v[k]);
      if (x !== v[k]) (out ??= copyDict(v as PyDict))[k] = x;
    }
    return out ?? v;
  }
  return v;
}
