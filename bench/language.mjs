// Language service benchmark: a generated 10,000-line playbook, validated from scratch and
// again after a one-line edit (median and p90 of many runs, wall and CPU time), next to
// js-yaml's bare parse of the same text (the floor) and Debian's ansible-lint on the same file
// in the same run.
//   node bench/language.mjs [--lines 10000] [--runs 50] [--warmup 10] [--edits 200] [--no-peer]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePlaybook } from './support/playbookGenerator.mjs';
import { jsYamlPlugin } from '../scripts/jsYamlPlugin.mjs';
import { Samples, loadAverage, machine, median, p90, timed } from './support/stats.mjs';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

async function loadService() {
  const outfile = path.join(root, 'out', 'bench', 'language.cjs');
  await esbuild.build({
    stdin: { contents: "export { LanguageService } from './extension/language/languageService'; export { NO_LIVE_RESOURCES } from './extension/language/liveResources'; export { parseEvents } from './extension/yaml/jsYaml';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning', minify: true, plugins: [jsYamlPlugin],
  });
  return createRequire(import.meta.url)(outfile);
}

export async function run({ lines = arg('lines', 10_000), runs = arg('runs', 50), warmup = arg('warmup', 10), edits = arg('edits', 200), peer = !process.argv.includes('--no-peer') } = {}) {
  const { LanguageService, NO_LIVE_RESOURCES, parseEvents } = await loadService();
  const text = generatePlaybook(lines);
  const env = { cloudNames: () => ['devstack', 'vexxhost'], live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined };
  const fileName = path.join(os.tmpdir(), 'bench-playbook.yml');
  const loadBefore = loadAverage();

  // Full validation with a new service each time (nothing cached), interleaved with js-yaml's
  // bare parseEvents of the same text: the floor no validation built on it can go below. The
  // two alternate in order, so that neither always pays the other's garbage collection, and
  // each pair runs under the same load; overhead and ratio are taken per pair.
  const full = new Samples();
  const floor = new Samples();
  const overhead = [];
  const ratio = [];
  let problems = 0;
  const validate = () => new LanguageService(env).analyze({ fileName, languageId: 'yaml', version: 1, text });
  const parse = () => parseEvents(text, {});
  for (let i = 0; i < warmup + runs; i++) {
    let ours;
    let bare;
    if (i % 2) {
      ours = timed(validate);
      bare = timed(parse);
    } else {
      bare = timed(parse);
      ours = timed(validate);
    }
    if (ours.result.kind !== 'playbook') throw new Error(`generated file not recognised as a playbook (${ours.result.kind})`);
    problems = ours.result.problems.length;
    if (i < warmup) continue; // the JIT's warm-up
    full.add(ours);
    floor.add(bare);
    overhead.push(ours.wall - bare.wall);
    ratio.push(ours.wall / bare.wall);
  }

  // One-line edits: change a value in the middle of the file, as typing does, on a warm service.
  const service = new LanguageService(env);
  service.analyze({ fileName, languageId: 'yaml', version: 0, text });
  const target = text.indexOf('flavor: m1.small', text.length / 2);
  // Twice: as the editor does it (VS Code's change event tells where the edit is) and from the
  // texts alone (the service compares old and new text).
  const one = { hinted: new Samples(), diffed: new Samples() };
  const modes = {};
  let current = text;
  for (let i = 1; i <= edits * 2; i++) {
    const hinted = i <= edits;
    // Joined, not concatenated: a flat string, as VS Code's TextDocument.getText() gives (a
    // concatenation would be a rope that the first comparison has to flatten inside our timing).
    current = [current.slice(0, target), i % 2 ? 'flavor: m1.large' : 'flavor: m1.small', current.slice(target + 16)].join('');
    const ends = hinted ? { prefix: target + 8, suffix: current.length - target - 16 } : undefined;
    const t = timed(() => service.analyze({ fileName, languageId: 'yaml', version: i, text: current }, ends));
    (hinted ? one.hinted : one.diffed).add(t);
    modes[t.result.parse] = (modes[t.result.parse] ?? 0) + 1;
  }
  // The incremental result must equal a from-scratch analysis of the same text.
  const fresh = new LanguageService(env).analyze({ fileName, languageId: 'yaml', version: 1, text: current });
  const last = service.analyze({ fileName, languageId: 'yaml', version: edits * 2, text: current });
  if (JSON.stringify(fresh.problems) !== JSON.stringify(last.problems)) throw new Error('incremental and full analyses differ');
  const loadAfter = loadAverage();

  const rows = [
    { key: 'floor', metric: `js-yaml parseEvents alone (the floor; median of ${runs})`, ...floor.summary() },
    { key: 'full', metric: `full validation, ${lines} lines (new service; median of ${runs} after ${warmup} warm-ups)`, ...full.summary(), target: 25 },
    { key: 'edit', metric: `one-line edit, editor path: change range known (median of ${edits})`, ...one.hinted.summary(), target: 5 },
    { key: 'edit-diffed', metric: `one-line edit, texts compared (median of ${edits}; ${Object.entries(modes).map(([k, v]) => `${v} ${k}`).join(', ')} re-parses)`, ...one.diffed.summary(), target: 5 },
  ];
  let lint;
  if (peer) lint = runAnsibleLint(text);
  return { rows, lint, problems, lines, load: [loadBefore, loadAfter], overhead: { median: median(overhead), p90: p90(overhead), ratio: median(ratio) } };
}

/** One run of Debian's ansible-lint on the same playbook, in a minimal project directory. */
function runAnsibleLint(text) {
  const bin = '/usr/bin/ansible-lint';
  if (!fs.existsSync(bin)) return { error: `${bin} is not installed (apt-get install ansible-lint)` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ansible-lint-'));
  fs.writeFileSync(path.join(dir, 'playbook.yml'), text);
  fs.writeFileSync(path.join(dir, '.ansible-lint'), 'offline: true\n');
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.replace(/\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\/g, '').trim().split('\n')[0];
  const t = performance.now();
  const r = spawnSync(bin, ['--offline', '--nocolor', '-p', 'playbook.yml'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ANSIBLE_LOCAL_TEMP: path.join(dir, 'tmp'), HOME: dir } });
  const ms = performance.now() - t;
  const findings = (r.stdout ?? '').split('\n').filter((l) => /^playbook\.yml:\d+/.test(l));
  const rules = [...new Set(findings.map((l) => /: ([a-z0-9-]+(\[[a-z0-9-]+\])?):? /.exec(l)?.[1] ?? '?'))];
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms, exit: r.status, version, findings: findings.length, rules, sample: findings.slice(0, 3) };
}

export function print({ rows, lint, problems, lines, load, overhead }) {
  console.log(`\nlanguage service on a generated ${lines}-line playbook (${problems} problems found); ${machine()}, load average ${load[0]} before, ${load[1]} after`);
  console.log('| measurement | wall median | wall p90 | CPU median | CPU p90 | target | ansible-lint (1 run) | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = lint?.ms && r.target ? `${Math.round(lint.ms / r.median).toLocaleString('en')}× faster` : '';
    const target = r.target ? `≤ ${r.target} ms ${r.median <= r.target ? '✔' : '✘'}` : '';
    const peer = r.target ? (lint?.ms ? `${(lint.ms / 1000).toFixed(2)} s` : lint?.error ?? 'not run') : '';
    console.log(`| ${r.metric} | ${ms(r.median)} | ${ms(r.p90)} | ${ms(r.cpuMedian)} | ${ms(r.cpuP90)} | ${target} | ${peer} | ${ratio} |`);
  }
  const full = rows.find((r) => r.key === 'full');
  const floor = rows.find((r) => r.key === 'floor');
  console.log(`\nfull validation over js-yaml's bare parse, run by run: ours − floor = ${ms(overhead.median)} median (p90 ${ms(overhead.p90)}), ours / floor = ${overhead.ratio.toFixed(2)}×; fastest runs (least disturbed by other load): ours ${ms(full.min)}, floor ${ms(floor.min)}`);
  if (full.median > full.target) {
    console.log(`full validation median ${ms(full.median)} is above the ${full.target} ms target at load ${load[0]}–${load[1]} on ${os.cpus().length} CPUs; js-yaml's parse alone takes ${ms(floor.median)} here, and our work on top of it ${ms(overhead.median)}.`);
  }
  if (lint?.ms) {
    console.log(`\n${lint.version}: exit ${lint.exit}, ${lint.findings} findings${lint.rules.length ? ` (${lint.rules.join(', ')})` : ''}`);
    for (const s of lint.sample) console.log(`  ${s}`);
  }
}

const ms = (x) => `${x.toFixed(2)} ms`;

/** One `BENCH {...}` line per measurement with a target, for bench/run.mjs's table. */
export function benchLines({ rows, lint, load }) {
  const floor = rows.find((r) => r.key === 'floor');
  const what = { full: 'full validation, 10,000-line playbook', edit: 'one-line edit (editor: change range known)', 'edit-diffed': 'one-line edit (texts compared)' };
  return rows.filter((r) => r.target).map((r) => `BENCH ${JSON.stringify({
    name: 'language',
    what: what[r.key] ?? r.metric,
    ours_ms: +r.median.toFixed(2),
    p90_ms: +r.p90.toFixed(2),
    cpu_ms: +r.cpuMedian.toFixed(2),
    floor_ms: r.key === 'full' ? +floor.median.toFixed(2) : undefined,
    floor: r.key === 'full' ? "js-yaml's parseEvents" : undefined,
    peer: lint?.ms ? 'ansible-lint (1 run)' : '',
    peer_ms: lint?.ms ? Math.round(lint.ms) : undefined,
    ratio: lint?.ms ? Math.round(lint.ms / r.median) : undefined,
    target_ms: r.target,
    load,
  })}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  print(result);
  for (const line of benchLines(result)) console.log(line);
}
