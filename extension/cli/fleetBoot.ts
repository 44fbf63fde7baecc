// `boot NAME --count N [--parallel P] --cloud ...`: NAME-1..NAME-N on every cloud, each cloud
// checking its quota before it creates anything; progress "17/30 ACTIVE · 2 failed" per cloud on
// a terminal, then one line per server and a summary per cloud.
import { bootFleet, formatFleetProgress, type FleetOptions, type FleetResult } from '../openstack/compute/bootFleet';
import type { Session } from '../openstack/session';
import { onEveryTarget, type TargetOutcome } from './session';
import type { CliIo } from './main';

function memberLines(result: FleetResult): string[] {
  return result.members.map((m) => {
    if (m.error || !m.result) return `${result.target}: ${m.name}: FAILED${m.attempts > 1 ? ' twice' : ''}: ${m.error?.message ?? 'no result'}`;
    const v = m.result;
    return `${result.target}: ${v.name} ${v.id} ${v.status} public IPv4 ${v.publicV4 ?? '-'} private ${v.privateV4 ?? '-'}${m.attempts > 1 ? ' (second try)' : ''}`;
  });
}

function summary(result: FleetResult): string {
  const active = result.members.filter((m) => m.result).length;
  const failed = result.members.length - active;
  return `${result.target}: ${formatFleetProgress({ total: result.members.length, active, failed, retried: result.members.filter((m) => m.attempts > 1).length })} (${result.seconds.toFixed(1)} s)`;
}

export async function runFleetBoot(sessions: Session[], options: Omit<FleetOptions, 'onProgress'>, json: boolean, io: CliIo): Promise<number> {
  const onProgress = process.stderr.isTTY ? (target: string, p: Parameters<NonNullable<FleetOptions['onProgress']>>[1]) => io.err(`${target}: ${formatFleetProgress(p)}\n`) : undefined;
  const outcomes: TargetOutcome<FleetResult>[] = await onEveryTarget(sessions, (s) => bootFleet(s, { ...options, onProgress }));
  if (json) {
    io.out(JSON.stringify(outcomes.map((o) => (o.error ? { cloud: o.target, ok: false, error: o.error.message } : {
      cloud: o.target, ok: o.value!.members.every((m) => m.result),
      servers: o.value!.members.map((m) => (m.result ? { name: m.name, ok: true, id: m.result.id, status: m.result.status, publicV4: m.result.publicV4, attempts: m.attempts } : { name: m.name, ok: false, error: m.error?.message, attempts: m.attempts })),
    })), null, 2) + '\n');
  } else {
    for (const o of outcomes) {
      if (o.error) io.out(`${o.target}: FAILED: ${o.error.message}\n`);
      else io.out([...memberLines(o.value!), summary(o.value!)].join('\n') + '\n');
    }
  }
  return outcomes.every((o) => o.value?.members.every((m) => m.result)) ? 0 : 1;
}
