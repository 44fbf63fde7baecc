// Time limits in tests judge the CPU time our code used (process.cpuUsage: this process only),
// so a machine loaded by other work cannot fail them; the wall time is reported alongside.
import assert from 'node:assert/strict';

export interface Timing {
  cpuMs: number;
  wallMs: number;
}

export function timed<T>(fn: () => T): { result: T } & Timing {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = fn();
  const cpu = process.cpuUsage(cpu0);
  return { result, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wall0 };
}

export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ result: T } & Timing> {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { result, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wall0 };
}

export function assertWithin(t: Timing, limitMs: number, what: string): void {
  assert.ok(t.cpuMs < limitMs, `${what}: ${t.cpuMs.toFixed(0)} ms of CPU (wall ${t.wallMs.toFixed(0)} ms), limit ${limitMs} ms`);
}
