// `npm run bench`: runs every bench/*.mjs (except this file) one after the other and prints a
// table of their results. Each bench prints its own report and one line per measurement
// `BENCH {"name", "what", "ours_ms" (median), "p90_ms"?, "cpu_ms"?, "floor_ms"?, "floor"?,
// "peer", "peer_ms", "ratio", "target_ms"? | "target_ratio"?, "load"? ([before, after])}`.
//   node bench/run.mjs [name-filter]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadAverage, machine } from './support/stats.mjs';

const dir = import.meta.dirname;
const filter = process.argv[2];
const benches = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && (!filter || f.includes(filter))).sort();
const rows = [];
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, [path.join(dir, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !lines.length) {
    failed++;
    rows.push({ name: file, what: `FAILED (exit ${r.status})` });
    continue;
  }
  for (const line of lines) rows.push(JSON.parse(line.slice(6)));
}
const loadBefore = loadAverage();
const table = [['bench', 'what', 'ours ms (median)', 'p90', 'CPU', 'floor', 'peer', 'peer ms', 'peer/ours', 'target', 'load']];
for (const r of rows) {
  // target_ms: an absolute bound for ours; target_ratio: a bound on ours/peer (lower is better).
  const target = r.target_ms ? `< ${r.target_ms} ms ${r.ours_ms < r.target_ms ? 'met' : 'NOT met'}`
    : r.target_ratio ? `ours/peer ≤ ${r.target_ratio} ${r.ours_ms / r.peer_ms <= r.target_ratio ? 'met' : 'NOT met'}` : '';
  table.push([
    r.name,
    r.what ?? '',
    r.ours_ms?.toString() ?? '',
    r.p90_ms?.toString() ?? '',
    r.cpu_ms?.toString() ?? '',
    r.floor_ms ? `${r.floor_ms} (${r.floor})` : '',
    r.peer ?? '',
    r.peer_ms?.toString() ?? '',
    r.ratio ? `${r.ratio}×` : '',
    target,
    Array.isArray(r.load) ? r.load.join('–') : '',
  ]);
}
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log(`\n=== results (${machine()}, load ${loadBefore} now; each row's load is its own bench's, before–after) ===`);
for (const row of table) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
process.exit(failed ? 1 : 0);
