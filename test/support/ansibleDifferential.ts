// Harness of the playbook differential test against ansible-core's ArgumentSpecValidator: sets the
// reference up (test/support/ansible-reference.sh), reads the collection's own argument specs and
// EXAMPLES (scripts/ansible_argspecs.py), runs the oracle (test/support/ansible_validate.py), and
// turns our findings into the oracle's error keys, task by task.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { deref, entriesOf, type YamlNode } from '../../extension/yaml/positionedYaml';
import type { Finding } from '../../extension/language/findings';
import type { ModuleSpec } from '../../extension/language/moduleCatalog';
import { PYTHON } from './differential';
import { ensureAptPackages } from './aptPackages';
import { repoRoot } from './paths';

export interface Reference {
  env: NodeJS.ProcessEnv;
  /** Collection version -> specs JSON path (as scripts/ansible_argspecs.py writes it). */
  specs: Record<string, string>;
  /** Debian suite -> the ansible_collections/ folder of every YAML file of its ansible package. */
  yamlCorpora: Record<string, string>;
}

export interface CollectionSpecs {
  version: string;
  modules: Record<string, { examples: string }>;
}

/**
 * What ansible-core imports (its Debian package's Python dependencies): the unpacked ansible-core
 * runs on the system's Python, so they must be installed. On CI the test cloud's packages happened
 * to pull them in before the unit stage; a machine without the cloud failed every reference test.
 */
const ANSIBLE_CORE_DEPENDENCIES = ['python3-jinja2', 'python3-yaml', 'python3-packaging', 'python3-resolvelib', 'python3-cryptography'];

export function setUpReference(): Reference {
  ensureAptPackages([PYTHON, '-c', 'import jinja2, yaml, packaging, resolvelib, cryptography'], ANSIBLE_CORE_DEPENDENCIES);
  const r = spawnSync('sh', [path.join(repoRoot, 'test/support/ansible-reference.sh')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ansible-reference.sh failed:\n${r.stderr}`);
  const vars = Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const env = { ...process.env, ...(vars.PYTHONPATH ? { PYTHONPATH: vars.PYTHONPATH } : {}) };
  const specs: Record<string, string> = {};
  for (const [key, root] of Object.entries(vars)) {
    if (!key.startsWith('COLLECTION_')) continue;
    const version = key.slice('COLLECTION_'.length);
    const file = path.join(path.dirname(path.dirname(path.dirname(path.dirname(root)))), `argspecs-${version}.json`);
    if (!fs.existsSync(file)) {
      const g = spawnSync(PYTHON, [path.join(repoRoot, 'scripts/ansible_argspecs.py'), root], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
      if (g.status !== 0) throw new Error(`ansible_argspecs.py failed for ${version}:\n${g.stderr}`);
      fs.writeFileSync(`${file}.tmp`, g.stdout);
      fs.renameSync(`${file}.tmp`, file);
    }
    specs[version] = file;
  }
  const yamlCorpora = Object.fromEntries(Object.entries(vars).filter(([key]) => key.startsWith('YAML_CORPUS_')).map(([key, dir]) => [key.slice('YAML_CORPUS_'.length), dir]));
  return { env, specs, yamlCorpora };
}

export interface OracleTask {
  line: number;
  module?: string;
  certain?: string[];
  possible?: string[];
  variants?: number;
  skipped?: string;
}

export function runOracle(ref: Reference, files: { id: string; version: string; text: string }[]): Record<string, OracleTask[]> {
  const input = JSON.stringify({ specs: ref.specs, files });
  const r = spawnSync(PYTHON, [path.join(repoRoot, 'test/support/ansible_validate.py')], { input, encoding: 'utf8', env: ref.env, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`ansible_validate.py failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, OracleTask[]>;
}

/** Codes of the option rules: the findings the validator's errors stand for. */
export const OPTION_CODES = new Set(['unknown-option', 'removed-option', 'option-type', 'invalid-choice', 'missing-required-option', 'mutually-exclusive', 'required-one-of', 'required-together', 'required-by', 'required-if', 'duplicate-option']);

function quoted(message: string): string[] {
  return [...message.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

/** The oracle key(s) a finding of ours stands for (the module's spec resolves groups and triggers). */
export function keysOf(f: Finding, spec: ModuleSpec, aliasesOf: (option: string) => readonly string[] | undefined): string[] {
  const names = quoted(f.message);
  const group = (groups: readonly (readonly string[])[] | undefined, given: string[]) => (groups ?? []).find((g) => given.every((n) => g.includes(n)))?.join('|') ?? `?${given.join('|')}`;
  switch (f.code) {
    case 'unknown-option':
      return [/^option '/.test(f.message) ? `unsupported:${names[0]}.${names[1]}` : `unsupported:${names[0]}`];
    case 'removed-option':
      return [`unsupported:${names[0]}`];
    case 'option-type':
      return [`type:${names[0]}`];
    case 'invalid-choice':
      return [`choice:${names[1]}`];
    case 'missing-required-option':
      return /^option '/.test(f.message) ? names.slice(1).map((n) => `required:${names[0]}.${n}`) : names.map((n) => `required:${n}`);
    case 'mutually-exclusive':
      return [`mutually_exclusive:${group(spec.mutually_exclusive, names)}`];
    case 'required-one-of':
      return [`required_one_of:${group(spec.required_one_of, names)}`];
    case 'required-together':
      return [`required_together:${group(spec.required_together, quoted(f.message.split(' must be given together')[0]!))}`];
    case 'required-by':
      return [`required_by:${names[0]}`];
    case 'required-if': {
      const m = /when (\S+) is (.+?)(?: \(the default\))?(?: \(an option .*)?$/.exec(f.message);
      const rule = spec.required_if?.find(([o, v]) => o === m?.[1] && String(v) === m?.[2]);
      return [`required_if:${m?.[1]}=${rule ? JSON.stringify(rule[1]) : `?${m?.[2]}`}`];
    }
    case 'duplicate-option': {
      // Ansible names the alias that comes later in the spec's alias list (or the one alias given with the option's name).
      const [a, b, option] = names as [string, string, string];
      const aliases = aliasesOf(option) ?? [];
      const alias = a === option ? b : b === option ? a : aliases.indexOf(a) > aliases.indexOf(b) ? a : b;
      return [`alias_both:${option}=${alias}`];
    }
    default:
      return [];
  }
}

/** Start offsets of the mappings that are tasks (have a key `isModule` accepts), by their 1-based line. */
export function taskStarts(root: YamlNode | undefined, lineOf: (offset: number) => number, isModule: (key: string) => boolean): Map<number, { start: number; end: number }> {
  const out = new Map<number, { start: number; end: number }>();
  const visit = (node: YamlNode | undefined, depth: number): void => {
    const n = deref(node);
    if (!n || depth > 50) return;
    if (n.kind === 'seq') for (const i of n.items) visit(i, depth + 1);
    if (n.kind !== 'map') return;
    const entries = entriesOf(n);
    if (entries.some((e) => isModule(e.key))) out.set(lineOf(n.start), { start: n.start, end: n.end });
    else for (const e of entries) visit(e.value, depth + 1);
  };
  visit(root, 0);
  return out;
}
