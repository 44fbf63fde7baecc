// `delete server|image NAME --cloud A [...]`: by name or ID on every cloud; a server's floating
// IPs that we created are released with it. `delete server --prefix NAME-` / `--fleet NAME`:
// every server whose name starts so / that carries the fleet's tag, a few at a time per cloud.
import { setTimeout as sleep } from 'node:timers/promises';
import { fleetOf } from '../openstack/compute/bootFleet';
import { deleteServerAndIps } from '../openstack/compute/deleteServer';
import { findImage, findServer, findServersByPrefix } from '../openstack/compute/lookups';
import { deleteImageAndData } from '../openstack/images/deleteImage';
import { limiter } from '../openstack/limiter';
import { collect } from '../openstack/services/paging';
import { listServers } from '../openstack/services/compute';
import type { Session } from '../openstack/session';
import { UsageError, one, parseArgs, positiveInt, type ParsedArgs } from './args';
import { COMMON_OPTIONS, closeAll, onEveryTarget, targetSessions } from './session';
import type { CliIo } from './main';

const USAGE = 'usage: delete server|image NAME --cloud C [...] | delete server --prefix NAME- | --fleet NAME [--parallel P] [--rate R] --cloud C [...]';

/** Every server of a fleet (by name prefix or by its metadata tag), deleted with its floating IPs. */
async function deleteMany(session: Session, args: ParsedArgs): Promise<string> {
  const prefix = one(args, 'prefix');
  const fleet = one(args, 'fleet');
  const servers = prefix !== undefined
    ? await findServersByPrefix(session, prefix)
    : (await collect(listServers(session))).filter((s) => fleetOf(s) === fleet);
  const limit = limiter(positiveInt(args, 'parallel') ?? 10);
  // A DELETE is safe to repeat: one more try after a pause rides out a busy API (a 500 or a timeout).
  const deleteOne = (id: string) => deleteServerAndIps(session, id, undefined, args.flags.has('wait'))
    .catch(async () => { await sleep(2000); return deleteServerAndIps(session, id, undefined, args.flags.has('wait')); });
  const done = await Promise.all(servers.map((s) => limit(() => deleteOne(s.id))));
  const ips = done.flatMap((d) => d.releasedFloatingIps);
  return `deleted ${servers.length} server${servers.length === 1 ? '' : 's'}${servers.length ? ` (${servers.map((s) => s.name).sort().join(', ')})` : ''}${ips.length ? `, released ${ips.length} floating IP${ips.length === 1 ? '' : 's'}` : ''}`;
}

export async function runDelete(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...COMMON_OPTIONS, 'prefix', 'fleet', 'parallel', 'rate']);
  const [kind, name] = args.positionals;
  const many = args.options.has('prefix') || args.options.has('fleet');
  if (many) {
    if (kind !== 'server' || name !== undefined || (args.options.has('prefix') && args.options.has('fleet'))) throw new UsageError(USAGE);
    if (!one(args, 'prefix') && !one(args, 'fleet')) throw new UsageError('--prefix and --fleet need a non-empty value (an empty prefix would match every server)');
  } else if (!['server', 'image'].includes(kind ?? '') || !name || args.positionals.length > 2) throw new UsageError(USAGE);
  const sessions = await targetSessions(args, io);
  for (const s of sessions) s.limitRate(positiveInt(args, 'rate'));
  try {
    const outcomes = await onEveryTarget(sessions, async (session): Promise<string> => {
      if (many) return deleteMany(session, args);
      if (kind === 'server') {
        const server = await findServer(session, name!);
        const done = await deleteServerAndIps(session, server.id, undefined, args.flags.has('wait'));
        return `deleted server ${server.id}${done.releasedFloatingIps.length ? `, released floating IP ${done.releasedFloatingIps.join(', ')}` : ''}`;
      }
      const image = await findImage(session, name!);
      const done = await deleteImageAndData(session, image);
      // The object name is cloud data: JSON.stringify escapes control characters.
      return `deleted image ${image.id}${done.keptObject ? `; kept the Swift object ${JSON.stringify(done.keptObject.object)}: ${done.keptObject.reason}` : ''}`;
    });
    for (const o of outcomes) io.out(`${o.target}: ${o.error ? `FAILED: ${o.error.message}` : o.value}\n`);
    return outcomes.some((o) => o.error) ? 1 : 0;
  } finally {
    await closeAll(sessions);
  }
}
