// Language service benchmark: a generated 10,000-line playbook, validated from scratch and
// again after a one-line edit (medians of many runs), against Debian's ansible-lint on the
// same file in the same run.
//   node bench/language.mjs [--lines 10000] [--runs 30] [--edits 200] [--no-peer]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generatePlaybook } from './support/playbookGenerator.mjs';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

async function loadService() {
  const outfile = path.join(root, 'out', 'bench', 'language.cjs');
  await esbuild.build({
    stdin: { contents: "export { LanguageService } from './extension/language/languageService'; export { NO_LIVE_RESOURCES } from './extension/language/liveResources'; export { parseEvents } from 'js-yaml';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning', minify: true,
  });
  return createRequire(import.meta.url)(outfile);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

export async function run({ lines = arg('lines', 10_000), runs = arg('runs', 30), edits = arg('edits', 200), peer = !process.argv.includes('--no-peer') } = {}) {
  const { LanguageService, NO_LIVE_RESOURCES, parseEvents } = await loadService();
  const text = generatePlaybook(lines);
  const env = { cloudNames: () => ['devstack', 'vexxhost'], live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined };
  const fileName = path.join(os.tmpdir(), 'bench-playbook.yml');

  // Full validation: a new service each time (no cache), after a few warm-up runs for the JIT.
  // CPU time is recorded too: on a shared machine it shows how much of the wall time is waiting.
  const full = [];
  const fullCpu = [];
  const yamlOnly = [];
  let problems = 0;
  for (let i = 0; i < runs + 5; i++) {
    const service = new LanguageService(env);
    const t = performance.now();
    const cpu = process.cpuUsage();
    const a = service.analyze({ fileName, languageId: 'yaml', version: 1, text });
    const used = process.cpuUsage(cpu);
    if (i >= 5) {
      full.push(performance.now() - t);
      fullCpu.push((used.user + used.system) / 1000);
    }
    const y = performance.now();
    parseEvents(text, {});
    if (i >= 5) yamlOnly.push(performance.now() - y);
    problems = a.problems.length;
    if (a.kind !== 'playbook') throw new Error(`generated file not recognised as a playbook (${a.kind})`);
  }

  // One-line edits: change a value in the middle of the file, as typing does, on a warm service.
  const service = new LanguageService(env);
  service.analyze({ fileName, languageId: 'yaml', version: 0, text });
  const target = text.indexOf('flavor: m1.small', text.length / 2);
  // Twice: as the editor does it (VS Code's change event tells where the edit is) and from the
  // texts alone (the service compares old and new text).
  const one = { hinted: [], diffed: [] };
  const modes = {};
  let current = text;
  for (let i = 1; i <= edits * 2; i++) {
    const hinted = i <= edits;
    current = current.slice(0, target) + (i % 2 ? 'flavor: m1.large' : 'flavor: m1.small') + current.slice(target + 16);
    const ends = hinted ? { prefix: target + 8, suffix: current.length - target - 16 } : undefined;
    const t = performance.now();
    const a = service.analyze({ fileName, languageId: 'yaml', version: i, text: current }, ends);
    (hinted ? one.hinted : one.diffed).push(performance.now() - t);
    modes[a.parse] = (modes[a.parse] ?? 0) + 1;
  }
  // The incremental result must equal a from-scratch analysis of the same text.
  const fresh = new LanguageService(env).analyze({ fileName, languageId: 'yaml', version: 1, text: current });
  const last = service.analyze({ fileName, languageId: 'yaml', version: edits * 2, text: current });
  if (JSON.stringify(fresh.problems) !== JSON.stringify(last.problems)) throw new Error('incremental and full analyses differ');

  const rows = [
    { metric: `full validation, ${lines} lines (median of ${runs}; CPU ${median(fullCpu).toFixed(1)} ms; of which js-yaml's own event parse alone ≈ ${median(yamlOnly).toFixed(1)} ms)`, ms: median(full), p90: p90(full), target: 25 },
    { metric: `one-line edit, editor path: change range known (median of ${edits})`, ms: median(one.hinted), p90: p90(one.hinted), target: 5 },
    { metric: `one-line edit, texts compared (median of ${edits}; ${Object.entries(modes).map(([k, v]) => `${v} ${k}`).join(', ')} re-parses)`, ms: median(one.diffed), p90: p90(one.diffed), target: 5 },
  ];
  let lint;
  if (peer) lint = runAnsibleLint(text);
  return { rows, lint, problems, lines };
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

export function print({ rows, lint, problems, lines }) {
  console.log(`\nlanguage service on a generated ${lines}-line playbook (${problems} problems found); node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`);
  console.log(`| measurement | median | p90 | target | ansible-lint (1 run) | ratio |`);
  console.log(`|---|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    const ratio = lint?.ms ? `${Math.round(lint.ms / r.ms).toLocaleString('en')}× faster` : 'n/a';
    console.log(`| ${r.metric} | ${r.ms.toFixed(2)} ms | ${r.p90.toFixed(2)} ms | ≤ ${r.target} ms ${r.ms <= r.target ? '✔' : '✘'} | ${lint?.ms ? `${(lint.ms / 1000).toFixed(2)} s` : lint?.error ?? 'not run'} | ${ratio} |`);
  }
  if (lint?.ms) {
    console.log(`\n${lint.version}: exit ${lint.exit}, ${lint.findings} findings${lint.rules.length ? ` (${lint.rules.join(', ')})` : ''}`);
    for (const s of lint.sample) console.log(`  ${s}`);
  }
}

/** One `BENCH {...}` line per measurement, for bench/run.mjs's table. */
export function benchLines({ rows, lint }) {
  return rows.map((r, i) => `BENCH ${JSON.stringify({
    name: 'language',
    what: ['full validation, 10,000-line playbook', 'one-line edit (editor: change range known)', 'one-line edit (texts compared)'][i] ?? r.metric,
    ours_ms: +r.ms.toFixed(2),
    peer: lint?.ms ? 'ansible-lint (1 run)' : '',
    peer_ms: lint?.ms ? Math.round(lint.ms) : undefined,
    ratio: lint?.ms ? Math.round(lint.ms / r.ms) : undefined,
    target_ms: r.target,
  })}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await run();
  print(result);
  for (const line of benchLines(result)) console.log(line);
}
