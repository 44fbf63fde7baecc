// 100,000 random mutations of valid files: the language service never throws and answers each
// in under 50 ms, whether it re-parses incrementally (the editor's path) or from scratch. Some
// mutations insert hostile YAML (recursive aliases through block/rescue/always and merge keys,
// alias and merge bombs, nesting through aliases, a BOM, what undecodable bytes leave); every
// alias the parse cut for its budget must come with a located finding.
// The limit applies to the CPU time of each analysis (process.cpuUsage), so other work on this
// shared 2-core machine cannot fail it; the slowest wall-clock time is printed too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixture } from '../support/paths';
import { seededRandom } from '../support/random';
import { LanguageService } from '../../extension/language/languageService';
import { staticLiveResources } from '../../extension/language/liveResources';
import { hostileFragment } from './support/hostileYaml';

const MUTATIONS = Number(process.env.PROPERTY_MUTATIONS ?? 100_000);
const LIMIT_MS = 50;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

const TOKENS = ['-', ' ', '  ', '\n', ':', ': ', '"', "'", '{{', '}}', '{%', '%}', '#', '&a ', '*a', '<<: *a\n', '!vault ', '[', ']', '{', '}', '|', '>', '?', 'yes', '0x1F', '~', '\t', 'with-items: x', 'openstack.cloud.server:', 'os_image:', 'cloud: ', 'name: x', '---\n', '...\n', '\\', 'é', '\r\n'];

test(`${MUTATIONS} random mutations: no exception, each analysis under ${LIMIT_MS} ms`, () => {
  const random = seededRandom(20240501);
  const sources = [...files(fixture('language', 'corpus')), fixture('language', 'talk-playbook.yml')].map((f) => ({ file: f, text: fs.readFileSync(f, 'utf8') }));
  const live = staticLiveResources({ devstack: { image: ['cirros'], flavor: ['m1.tiny'], network: ['private'], key_name: ['deploy'] } });
  const service = new LanguageService({ cloudNames: () => ['devstack', 'vexxhost'], live: () => live, cloudsFile: () => undefined });
  let slowest = 0;
  let slowestWall = 0;
  let slow = 0;
  const counts = { incremental: 0, full: 0, other: 0 };
  let version = 0;
  let hostile = 0;
  let current = sources[0]!;
  let text = current.text;
  for (let i = 0; i < MUTATIONS; i++) {
    if (i % 50 === 0) {
      current = random.pick(sources);
      text = current.text;
    }
    text = mutate(text, random);
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const analysis = service.analyze({ fileName: current.file, languageId: random.int(4) === 0 ? 'ansible' : 'yaml', version: ++version, text });
    const used = process.cpuUsage(cpu);
    const ms = (used.user + used.system) / 1000;
    slowestWall = Math.max(slowestWall, performance.now() - wall);
    if (ms > slowest) slowest = ms;
    // Keep the text near valid, as it is while someone types: undo mutations that break the YAML.
    if (analysis.parsed?.error) text = current.text;
    if (ms > LIMIT_MS) {
      slow++;
      if (process.env.DUMP_SLOW) fs.writeFileSync(`${process.env.DUMP_SLOW}/slow-${i}-${path.basename(current.file)}`, text);
    }
    if (analysis.parse === 'incremental') counts.incremental++;
    else if (analysis.parse === 'full') counts.full++;
    else counts.other++;
    for (const p of analysis.problems) {
      assert.ok(p.range.start.line <= p.range.end.line && p.range.start.line >= 0, `bad range in ${p.code}`);
    }
    const cut = analysis.parsed?.cutAliases?.[0];
    if (cut && analysis.kind && !analysis.parsed!.error) {
      hostile++;
      const line = analysis.parsed!.lines.position(cut.start).line;
      // The config engine shows a bomb where it starts, naming the line where the budget ran out.
      const names = (p: { range: { start: { line: number } }; message: string }) => p.range.start.line === line || p.message.includes(`(on line ${line + 1})`);
      assert.ok(analysis.problems.some((p) => /alias|V-1/.test(p.code) && names(p)), `cut alias on line ${line + 1} has no finding (${analysis.parse}, ${analysis.kind}): ${analysis.problems.map((p) => p.code + "@" + (p.range.start.line + 1)).join(" ")}\n${text}`);
    }
  }
  console.log(`  slowest analysis ${slowest.toFixed(1)} ms CPU (${slowestWall.toFixed(1)} ms wall); incremental ${counts.incremental}, full ${counts.full}, other ${counts.other}; ${hostile} with aliases cut by the budget`);
  assert.equal(slow, 0, `${slow} analyses took more than ${LIMIT_MS} ms (slowest ${slowest.toFixed(1)} ms)`);
  assert.ok(counts.incremental > MUTATIONS / 10, 'the incremental path was exercised');
  assert.ok(hostile > MUTATIONS / 200, `hostile documents that parse were analysed (${hostile})`);
});

function mutate(text: string, random: ReturnType<typeof seededRandom>): string {
  const at = random.int(text.length + 1);
  switch (random.int(7)) {
    case 6: {
      // Hostile YAML at the start of a line, indented like it.
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const indent = /^ */.exec(text.slice(start))![0];
      const fragment = hostileFragment(random).replace(/\n(?=.)/g, `\n${indent}`);
      return text.slice(0, start) + indent + fragment + (fragment.endsWith('\n') ? '' : '\n') + text.slice(start);
    }
    case 0:
      return text.slice(0, at) + random.pick(TOKENS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + random.int(8));
    case 2: {
      // Duplicate a line.
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      const line = text.slice(start, end === -1 ? text.length : end + 1);
      return text.slice(0, start) + line + text.slice(start);
    }
    case 3: {
      // Re-indent a line by ±2.
      const start = text.lastIndexOf('\n', at - 1) + 1;
      return random.int(2) ? text.slice(0, start) + '  ' + text.slice(start) : text.slice(0, start) + text.slice(start).replace(/^ {1,2}/, '');
    }
    case 4:
      return text.slice(0, at) + String.fromCharCode(32 + random.int(95)) + text.slice(at + 1);
    default:
      return text.slice(0, at) + text.slice(at).replace(/[a-z]/, (c) => String.fromCharCode(97 + ((c.charCodeAt(0) - 97 + 1 + random.int(25)) % 26)));
  }
}
