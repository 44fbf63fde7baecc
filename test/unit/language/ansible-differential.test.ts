// Differential test: for every openstack.cloud task of the corpus (the EXAMPLES of every module of
// the collection as Debian ships it, and our own cases under test/fixtures/language/ansible-
// differential/<version>/), our option findings must equal the errors of ansible-core's own
// ArgumentSpecValidator run with the collection's own argument specs (test/support/
// ansible_validate.py): our errors = the errors Ansible raises whatever the templates yield
// ("certain"), our alias warning = Ansible's, our hints only about errors that can happen.
//
// Deliberate differences (a difference outside this list fails the test):
// - Our 2.x data is collection 2.5.0; Debian 13 ships 2.4.1. 2.5.0 added image's `uri` and
//   `import_method` (and `uri` to a mutually_exclusive group) and role_assignment's *_domain
//   options and two mutually_exclusive groups: tasks using them are compared with 2.5.0's rules
//   by the unit tests instead (none of the corpus uses them; VERSION_SKEW lists the options).
// - A module whose options sit beside it at the task's indentation gets one `misindented-options`
//   error from us; Ansible calls the module without them and fails on whatever they lacked. Such
//   a task must fail in Ansible too; its individual errors are not compared.
// - Tasks under `module_defaults`, with free-form (`key=value`) or templated whole argument sets
//   are not compared: the oracle cannot know their options (we do not judge completeness there).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../../../extension/yaml/positionedYaml';
import { PlaybookValidator } from '../../../extension/language/playbook/playbookValidator';
import { ansibleKindOf } from '../../../extension/language/documentKind';
import { lookupModule, moduleSpec, optionTable } from '../../../extension/language/moduleCatalog';
import { fixture } from '../../support/paths';
import { OPTION_CODES, keysOf, runOracle, setUpReference, taskStarts, type CollectionSpecs, type OracleTask, type Reference } from '../../support/ansibleDifferential';

const VERSION_SKEW = new Set(['unsupported:uri', 'unsupported:import_method', 'unsupported:user_domain', 'unsupported:group_domain', 'unsupported:project_domain', 'unsupported:role_domain']);
const OURS_2X = '2.4.1';

/**
 * Files our YAML parser rejects and PyYAML reads (we would report a located `invalid YAML` error
 * instead of checking their tasks). None since js-yaml reads flow context as PyYAML does
 * (scripts/jsYamlPlugin.mjs): routers_info's EXAMPLES, which close a multi-line double-quoted
 * scalar on a line indented like its key, are compared task by task like the others.
 */
const PARSER_DIFFERENCES = new Set<string>();

interface CorpusFile {
  id: string;
  version: string;
  text: string;
}

let ref: Reference;
let corpus: CorpusFile[];
let oracle: Record<string, OracleTask[]>;

function ownCases(version: string): CorpusFile[] {
  const dir = fixture('language', 'ansible-differential', version.startsWith('1.') ? '1.x' : '2.x');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => ({ id: `${version}:own:${f}`, version, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

before(() => {
  ref = setUpReference();
  corpus = [];
  for (const version of [OURS_2X, '1.10.0']) {
    const specs = JSON.parse(fs.readFileSync(ref.specs[version]!, 'utf8')) as CollectionSpecs;
    for (const [name, m] of Object.entries(specs.modules)) corpus.push({ id: `${version}:${name}:EXAMPLES`, version, text: m.examples });
    corpus.push(...ownCases(version));
  }
  oracle = runOracle(ref, corpus);
});

interface Comparison {
  compared: number;
  /** Tasks on which Ansible raises an error whatever the templates yield. */
  failing: number;
  skipped: number;
  mismatches: string[];
}

function compareFile(file: CorpusFile, tasks: OracleTask[], totals: Comparison): void {
  const parsed = parseYaml(file.text);
  if (parsed.error || PARSER_DIFFERENCES.has(file.id)) {
    assert.ok(parsed.error && PARSER_DIFFERENCES.has(file.id), `${file.id}: ${parsed.error ? `our parser fails: ${parsed.error.message}` : 'parses now: take it off PARSER_DIFFERENCES'}`);
    totals.skipped += tasks.length;
    return;
  }
  const kind = ansibleKindOf(parsed, 'corpus.yml', 'ansible', []) ?? 'tasks';
  const major = file.version.startsWith('1.') ? 1 : 2;
  const findings = new PlaybookValidator().validate(parsed, kind === 'playbook' || kind === 'handlers' ? kind : 'tasks', {}, [], major);
  const lineOf = (offset: number) => parsed.lines.position(offset).line + 1;
  const ranges = taskStarts(parsed.documents[0]?.root ?? undefined, lineOf, (key) => lookupModule(key, ['openstack.cloud'], major).kind === 'module');
  const seen = new Set<number>();
  for (const task of tasks) {
    if (task.skipped) {
      totals.skipped++;
      continue;
    }
    const range = ranges.get(task.line);
    const where = `${file.id} line ${task.line} (${task.module})`;
    if (!range) {
      totals.mismatches.push(`${where}: Ansible validates a task here that we do not see`);
      continue;
    }
    seen.add(task.line);
    totals.compared++;
    const spec = moduleSpec(task.module!, major)!;
    const mine = findings.filter((f) => f.start >= range.start && f.start < range.end && OPTION_CODES.has(f.code));
    const keys = (severity: string) => [...new Set(mine.filter((f) => f.severity === severity).flatMap((f) => keysOf(f, spec, (o) => optionTable(task.module!, major).byName.get(o)?.aliases)))].sort();
    const certain = (task.certain ?? []).filter((k) => !k.startsWith('alias_both:') && !VERSION_SKEW.has(k));
    const warnings = (task.certain ?? []).filter((k) => k.startsWith('alias_both:'));
    const possible = new Set([...(task.possible ?? []), ...(task.certain ?? [])]);
    const report = (what: string, ours: string[], theirs: string[]) => {
      if (JSON.stringify(ours) !== JSON.stringify(theirs.sort())) totals.mismatches.push(`${where}: ${what}: ours ${JSON.stringify(ours)}, Ansible ${JSON.stringify(theirs)}`);
    };
    if (certain.length) totals.failing++;
    if (findings.some((f) => f.code === 'misindented-options' && f.start >= range.start && f.start < range.end)) {
      if (!certain.length) totals.mismatches.push(`${where}: we call the options misindented, Ansible raises nothing`);
      continue;
    }
    report('errors', keys('error'), certain);
    report('warnings', keys('warning'), warnings);
    const unfounded = [...keys('hint'), ...keys('info')].filter((k) => !possible.has(k));
    if (unfounded.length) totals.mismatches.push(`${where}: hints about errors Ansible cannot raise: ${unfounded.join(', ')}`);
  }
  for (const f of findings) {
    if (!OPTION_CODES.has(f.code)) continue;
    const line = [...ranges].find(([, r]) => f.start >= r.start && f.start < r.end)?.[0];
    if (line === undefined || (!seen.has(line) && !tasks.some((t) => t.line === line && t.skipped))) {
      totals.mismatches.push(`${file.id}: ${f.code} '${f.message}' at offset ${f.start} is on no task Ansible validates`);
    }
  }
}

test('option findings equal ansible-core ArgumentSpecValidator errors, task by task', () => {
  const totals: Comparison = { compared: 0, failing: 0, skipped: 0, mismatches: [] };
  for (const file of corpus) compareFile(file, oracle[file.id] ?? [], totals);
  console.log(`ansible differential: ${totals.compared} tasks compared (${totals.failing} of them fail in Ansible; ${totals.skipped} not comparable) in ${corpus.length} files`);
  assert.deepEqual(totals.mismatches, []);
  assert.ok(totals.compared >= 500 && totals.failing >= 30, `only ${totals.compared} tasks compared, ${totals.failing} failing`);
});
