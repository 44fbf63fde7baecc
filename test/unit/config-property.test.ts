// The config engine under fuzz: random mutations of real clouds.yaml files with hostile YAML
// inserted (recursive aliases, alias and merge-key bombs, nesting through aliases, a BOM, what
// undecodable bytes leave). It never throws, answers each document in under 50 ms of CPU, and
// every alias the parse cut for its budget comes with a located V-1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixture } from '../support/paths';
import { seededRandom } from '../support/random';
import { validateCloudsDocument } from '../../extension/config/index';
import { parseYaml } from '../../extension/yaml/positionedYaml';
import { hostileFragment } from './support/hostileYaml';

const DOCUMENTS = Number(process.env.CONFIG_PROPERTY_DOCUMENTS ?? 20_000);
const LIMIT_MS = 50;

function cloudsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? cloudsFiles(path.join(dir, d.name)) : /^clouds\.ya?ml$/.test(d.name) ? [path.join(dir, d.name)] : []));
}

test(`${DOCUMENTS} hostile clouds.yaml documents: no exception, each under ${LIMIT_MS} ms, every budget cut located`, () => {
  const random = seededRandom(20261205);
  const sources = cloudsFiles(fixture('config')).map((f) => fs.readFileSync(f, 'utf8'));
  assert.ok(sources.length > 10);
  let slowest = 0;
  let cutDocuments = 0;
  for (let i = 0; i < DOCUMENTS; i++) {
    let text = random.pick(sources);
    for (let m = 1 + random.int(3); m > 0; m--) text = insertHostile(text, random);
    let { problems, ms } = validate(text);
    // A document over the limit is measured once more: the first run of a code path pays for
    // compiling it (and a collection may land in it); a document that is slow in itself stays slow.
    if (ms > LIMIT_MS) ms = Math.min(ms, validate(text).ms);
    if (ms > slowest) slowest = ms;
    assert.ok(ms <= LIMIT_MS, `document ${i} took ${ms.toFixed(1)} ms:\n${text}`);
    for (const p of problems) {
      assert.notEqual(p.code, 'internal-error', p.message);
      assert.ok(p.range.start.line >= 0 && p.range.start.line <= p.range.end.line, `bad range in ${p.code}`);
    }
    const parsed = parseYaml(text);
    const cut = parsed.cutAliases?.[0];
    if (cut && !parsed.error && parsed.documents.length === 1) {
      cutDocuments++;
      const line = parsed.lines.position(cut.start).line;
      assert.ok(problems.some((p) => p.code === 'V-1' && (p.range.start.line === line || p.message.includes(`(on line ${line + 1})`))), `cut alias on line ${line + 1} has no V-1:\n${text}`);
    }
  }
  console.log(`  slowest document ${slowest.toFixed(1)} ms CPU; ${cutDocuments} with aliases cut by the budget`);
  assert.ok(cutDocuments > DOCUMENTS / 50, `documents with a budget cut that parse (${cutDocuments})`);
});

function validate(text: string) {
  const cpu = process.cpuUsage();
  const problems = validateCloudsDocument(text, '/virtual/clouds.yaml', 'clouds');
  const used = process.cpuUsage(cpu);
  return { problems, ms: (used.user + used.system) / 1000 };
}

/** Hostile YAML at the start of a random line, indented like it. */
function insertHostile(text: string, random: ReturnType<typeof seededRandom>): string {
  const at = random.int(text.length + 1);
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const indent = /^ */.exec(text.slice(start))![0];
  const fragment = hostileFragment(random).replace(/\n(?=.)/g, `\n${indent}`);
  return text.slice(0, start) + indent + fragment + (fragment.endsWith('\n') ? '' : '\n') + text.slice(start);
}
