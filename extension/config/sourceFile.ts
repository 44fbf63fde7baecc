// One config file (clouds / secure / clouds-public) parsed twice over: a positioned YAML tree for
// ranges, and the plain value PyYAML's safe_load (or json.load for `.json`) would give, which is
// what openstacksdk works on. Bad input becomes located problems, never an exception.
import { YAML11_SCHEMA } from '../yaml/jsYaml';
import { parseYaml, deref, toPlain, ExpansionLimitError, type ParsedYaml, type YamlNode, type YamlScalar } from '../yaml/positionedYaml';
import type { Problem, Range } from '../yaml/problem';
import type { ConfigFileKind } from './discovery';
import { PyFloat, isDict, type PyValue } from './python';

export interface SourceFile {
  kind: ConfigFileKind;
  path: string;
  text: string;
  yaml: ParsedYaml;
  /** The top-level value as openstacksdk sees it; undefined when the file could not be read as YAML. */
  data: PyValue | undefined;
}

/** Files larger than this are not parsed (a clouds.yaml is a few KiB; this keeps the editor responsive). */
export const MAX_CONFIG_BYTES = 2 * 1024 * 1024;
/** How many nodes alias expansion may produce before we call it an alias bomb. */
export const MAX_EXPANDED_NODES = 200_000;

export const START_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function fileProblem(file: string, code: string, message: string, severity: Problem['severity'] = 'error', range: Range = START_RANGE): Problem {
  return { file, code, message, severity, range };
}

/** The parse of a text that is not parsed (too large): no documents. */
export const EMPTY_YAML = (text: string): ParsedYaml => ({ ...parseYaml(''), text });

/** Parses one file's text; `problems` receives V-1 (syntax, shape, alias bomb) and size problems. */
export function parseSourceFile(kind: ConfigFileKind, path: string, text: string, problems: Problem[]): SourceFile {
  if (text.length > MAX_CONFIG_BYTES) {
    problems.push(fileProblem(path, 'file-too-large', `${path} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB and was not read`));
    return { kind, path, text, yaml: EMPTY_YAML(text), data: undefined };
  }
  const yaml = parseYaml(text);
  const file: SourceFile = { kind, path, text, yaml, data: undefined };
  if (yaml.error) {
    problems.push({ file: path, range: yaml.error.range, severity: 'error', code: 'V-1', message: `invalid ${path.endsWith('json') ? 'JSON' : 'YAML'}: ${yaml.error.message}` });
    return file;
  }
  const root = yaml.documents[0]?.root ?? null;
  if (yaml.documents.length > 1) {
    const second = yaml.documents[1]?.root;
    const at = second ? yaml.lines.range(second.start, second.start) : START_RANGE;
    problems.push({ file: path, range: at, severity: 'error', code: 'V-1', message: 'the file holds more than one YAML document; openstacksdk cannot read it' });
    return file;
  }
  try {
    // The parse cut aliases it would not follow (a cycle, an alias or merge-key bomb): PyYAML
    // would follow them, so what is left is not what openstacksdk reads (it would recurse or run out of memory).
    const cut = yaml.cutAliases[0];
    if (cut) throw new ExpansionLimitError(MAX_EXPANDED_NODES, cut);
    // A document without aliases has fewer nodes than characters: only alias expansion can exceed this.
    file.data = toPyValue(root, path.endsWith('json'), Math.max(MAX_EXPANDED_NODES, text.length));
  } catch (e) {
    if (!(e instanceof ExpansionLimitError)) throw e;
    // A bomb is shown where it starts to go off; a recursive alias where it is written.
    const alias = e.alias?.cut === 'recursive' ? e.alias : firstAlias(yaml);
    const where = e.alias && alias !== e.alias ? ` (on line ${yaml.lines.position(e.alias.start).line + 1})` : '';
    problems.push({ file: path, range: alias ? yaml.lines.range(alias.start, alias.end) : START_RANGE, severity: 'error', code: 'V-1', message: e.message + where });
    return file;
  }
  if (file.data !== null && !isDict(file.data)) {
    const node = deref(root);
    problems.push({
      file: path,
      range: node ? yaml.lines.range(node.start, Math.min(node.end, node.start + 1)) : START_RANGE,
      severity: 'error',
      code: 'V-1',
      message: `the top level of ${path} must be a mapping${kind === 'clouds-public' ? " with 'public-clouds'" : " with 'clouds'"}, not ${Array.isArray(file.data) ? 'a list' : 'a scalar'}`,
    });
    file.data = undefined;
  }
  return file;
}

/** The first alias in the document (where an alias bomb starts to go off), found without expanding any. */
function firstAlias(yaml: ParsedYaml): YamlNode | undefined {
  const stack: YamlNode[] = [];
  const root = yaml.documents[0]?.root;
  if (root) stack.push(root);
  let first: YamlNode | undefined;
  while (stack.length) {
    const n = stack.pop()!;
    if (n.kind === 'alias') {
      if (!first || n.start < first.start) first = n;
    } else if (n.kind === 'seq') stack.push(...n.items);
    else if (n.kind === 'map') for (const p of n.pairs) stack.push(p.key, p.value);
  }
  return first;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;

function isFloatScalar(node: YamlScalar, json: boolean): boolean {
  if (typeof node.value !== 'number') return false;
  if (node.tag === '!!float') return true;
  if (node.tag === '!!int') return false;
  if (json) {
    const m = JSON_NUMBER.exec(node.text);
    return !!m && (m[1] !== undefined || m[2] !== undefined);
  }
  return YAML11_SCHEMA.resolveImplicitScalarTag(node.text).tag.tagName === 'tag:yaml.org,2002:float';
}

/**
 * The value safe_load/json.load would give, with floats as PyFloat. Aliases are expanded with a
 * node budget so an alias bomb fails fast (ExpansionLimitError) instead of exhausting memory.
 */
export function toPyValue(node: YamlNode | null | undefined, json = false, maxNodes = MAX_EXPANDED_NODES): PyValue {
  return toPlain(node, maxNodes, (scalar) => {
    if (isFloatScalar(scalar, json)) return new PyFloat(scalar.value as number);
    if (json && scalar.style === 'plain' && JSON_NUMBER.test(scalar.text)) return Number(scalar.text);
    return scalar.value;
  }) as PyValue;
}
