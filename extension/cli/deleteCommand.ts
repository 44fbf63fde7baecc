// `delete server|image NAME --cloud A [...]`: by name or ID on every cloud; a server's floating
// IPs that we created are released with it.
import { deleteServerAndIps } from '../openstack/compute/deleteServer';
import { findImage, findServer } from '../openstack/compute/lookups';
import { deleteImageAndData } from '../openstack/images/deleteImage';
import { UsageError, parseArgs } from './args';
import { COMMON_OPTIONS, closeAll, onEveryTarget, targetSessions } from './session';
import type { CliIo } from './main';

export async function runDelete(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, COMMON_OPTIONS);
  const [kind, name] = args.positionals;
  if (!['server', 'image'].includes(kind ?? '') || !name || args.positionals.length > 2) throw new UsageError('usage: delete server|image NAME --cloud C [...]');
  const sessions = await targetSessions(args, io);
  try {
    const outcomes = await onEveryTarget(sessions, async (session): Promise<string> => {
      if (kind === 'server') {
        const server = await findServer(session, name);
        const done = await deleteServerAndIps(session, server.id, undefined, args.flags.has('wait'));
        return `deleted server ${server.id}${done.releasedFloatingIps.length ? `, released floating IP ${done.releasedFloatingIps.join(', ')}` : ''}`;
      }
      const image = await findImage(session, name);
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
