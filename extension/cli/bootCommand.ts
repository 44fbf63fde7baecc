// `boot NAME --cloud A [...] --image I --flavor F [--network N] [--key-name K] [--auto-ip]`:
// the same server on every cloud at once; prints each server's public IP. `--image ubuntu:24.04`
// picks on each cloud the newest active image of that os_distro/os_version[/architecture]. With
// --count N, a fleet NAME-1..N on every cloud (fleetBoot.ts).
import fs from 'node:fs';
import { bootServer } from '../openstack/compute/bootServer';
import { UsageError, all, one, parseArgs, positiveInt } from './args';
import { COMMON_OPTIONS, closeAll, onEveryTarget, targetSessions } from './session';
import type { CliIo } from './main';
import { imageQueryOf } from './uploadRefCommand';
import { runFleetBoot } from './fleetBoot';

export async function runBoot(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...COMMON_OPTIONS, 'image', 'flavor', 'min-ram', 'min-vcpus', 'network', 'key-name', 'user-data', 'nat-destination', 'timeout', 'count', 'parallel', 'rate']);
  const [name] = args.positionals;
  if (!name || args.positionals.length > 1) throw new UsageError('give exactly one server NAME');
  const image = one(args, 'image');
  if (!image) throw new UsageError('--image is required');
  const flavor = one(args, 'flavor');
  const minRam = one(args, 'min-ram');
  if (!flavor && !minRam) throw new UsageError('give --flavor NAME|ID or --min-ram MiB [--min-vcpus N]');
  const userDataFile = one(args, 'user-data');
  const count = positiveInt(args, 'count');
  const parallel = positiveInt(args, 'parallel');
  const sessions = await targetSessions(args, io);
  // --rate R: at most R requests a second to each cloud (creates, polls, floating IPs alike).
  for (const s of sessions) s.limitRate(positiveInt(args, 'rate'));
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const boot = {
      image, imageQuery: imageQueryOf(image),
      flavor: { nameOrId: flavor, minRamMiB: minRam ? Number(minRam) : undefined, minVcpus: one(args, 'min-vcpus') ? Number(one(args, 'min-vcpus')) : undefined },
      networks: all(args, 'network'),
      keyName: one(args, 'key-name'),
      userData: userDataFile ? fs.readFileSync(userDataFile, 'utf8') : undefined,
      autoIp: args.flags.has('auto-ip'),
      natDestination: one(args, 'nat-destination'),
      timeoutMs: one(args, 'timeout') ? Number(one(args, 'timeout')) * 1000 : undefined,
      signal: abort.signal,
    };
    if (count !== undefined) return await runFleetBoot(sessions, { ...boot, name, count, parallel }, args.flags.has('json'), io);
    const outcomes = await onEveryTarget(sessions, (session) => bootServer(session, {
      ...boot, name,
      onProgress: process.stderr.isTTY ? (target, step) => io.err(`${target}: ${step}\n`) : undefined,
    }));
    if (args.flags.has('json')) {
      io.out(JSON.stringify(outcomes.map((o) => (o.error ? { cloud: o.target, ok: false, error: o.error.message } : { cloud: o.target, ok: true, ...o.value, floatingIp: o.value!.floatingIp?.floating_ip_address })), null, 2) + '\n');
    } else {
      for (const o of outcomes) {
        if (o.error) io.out(`${o.target}: FAILED: ${o.error.message}\n`);
        else {
          const v = o.value!;
          io.out(`${o.target}: ${v.name} ${v.id} ${v.status} public IPv4 ${v.publicV4 ?? '-'}${v.publicV6 ? ` IPv6 ${v.publicV6}` : ''} private ${v.privateV4 ?? '-'} (${v.seconds.toFixed(1)} s)${v.image.name !== image ? ` from image ${v.image.name} ${v.image.id}` : ''}\n`);
          if (v.noFloatingIpReason && args.flags.has('auto-ip')) io.err(`${o.target}: no floating IP added: ${v.noFloatingIpReason}\n`);
        }
      }
    }
    return outcomes.some((o) => o.error) ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await closeAll(sessions);
  }
}
