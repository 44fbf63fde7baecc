// Timing helpers shared by the benches: wall and CPU time of each run, medians and p90s, and
// the load average, so figures from this shared 2-core machine can be read for what they are.
import os from 'node:os';

/** The q-quantile (nearest rank) of some numbers. */
export function quantile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

export const median = (xs) => quantile(xs, 0.5);
export const p90 = (xs) => quantile(xs, 0.9);

/**
 * Runs `fn` once: wall time, and CPU time of this process (all its threads, so V8's
 * background GC counts as ours). On a loaded machine wall time includes waiting for a core;
 * CPU time does not.
 */
export function timed(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000, result };
}

/** Wall and CPU times of repeated runs of one measurement. */
export class Samples {
  wall = [];
  cpu = [];

  add({ wall, cpu }) {
    this.wall.push(wall);
    this.cpu.push(cpu);
  }

  get count() {
    return this.wall.length;
  }

  summary() {
    return { median: median(this.wall), p90: p90(this.wall), min: Math.min(...this.wall), cpuMedian: median(this.cpu), cpuP90: p90(this.cpu), runs: this.wall.length };
  }
}

/** The 1-minute load average (runnable processes; above the CPU count, runs wait for a core). */
export function loadAverage() {
  return +os.loadavg()[0].toFixed(2);
}

export function machine() {
  return `node ${process.version}, ${os.cpus().length} CPUs`;
}
