// `images`, `servers`, `flavors`, `networks`, `keypairs`: the same list from every --cloud, side by side.
import type { Session } from '../openstack/session';
import { collect } from '../openstack/services/paging';
import { listImages } from '../openstack/services/image';
import { listFlavors, listKeypairs } from '../openstack/services/compute';
import { listNetworks } from '../openstack/services/network';
import { listServerSummaries } from '../openstack/compute/servers';
import { parseArgs, type ParsedArgs } from './args';
import { COMMON_OPTIONS, closeAll, onEveryTarget, targetSessions } from './session';
import { formatBytes, table } from '../text/table';
import type { CliIo } from './main';

interface Listing {
  headers: string[];
  fetch: (s: Session) => Promise<Record<string, unknown>[]>;
  row: (item: Record<string, unknown>) => unknown[];
}

const LISTINGS: Record<string, Listing> = {
  images: {
    headers: ['ID', 'NAME', 'STATUS', 'FORMAT', 'SIZE'],
    fetch: (s) => collect(listImages(s)) as Promise<Record<string, unknown>[]>,
    row: (i) => [i.id, i.name, i.status, i.disk_format, formatBytes(i.size as number | undefined)],
  },
  servers: {
    headers: ['ID', 'NAME', 'STATUS', 'PUBLIC IPv4', 'PUBLIC IPv6', 'PRIVATE IPv4'],
    fetch: (s) => listServerSummaries(s) as unknown as Promise<Record<string, unknown>[]>,
    row: (i) => [i.id, i.name, i.status, i.publicV4, i.publicV6, i.privateV4],
  },
  flavors: {
    headers: ['ID', 'NAME', 'RAM (MiB)', 'VCPUS', 'DISK (GB)'],
    fetch: (s) => collect(listFlavors(s)) as unknown as Promise<Record<string, unknown>[]>,
    row: (i) => [i.id, i.name, i.ram, i.vcpus, i.disk],
  },
  networks: {
    headers: ['ID', 'NAME', 'EXTERNAL', 'SHARED', 'STATUS'],
    fetch: (s) => collect(listNetworks(s)) as unknown as Promise<Record<string, unknown>[]>,
    row: (i) => [i.id, i.name, i['router:external'] ? 'yes' : 'no', i.shared ? 'yes' : 'no', i.status],
  },
  keypairs: {
    headers: ['NAME', 'TYPE', 'FINGERPRINT'],
    fetch: (s) => listKeypairs(s) as unknown as Promise<Record<string, unknown>[]>,
    row: (i) => [i.name, i.type, i.fingerprint],
  },
};

export const LIST_COMMANDS = Object.keys(LISTINGS);

export async function runList(command: string, argv: string[], io: CliIo): Promise<number> {
  const listing = LISTINGS[command];
  const args: ParsedArgs = parseArgs(argv, COMMON_OPTIONS);
  const sessions = await targetSessions(args, io);
  try {
    const outcomes = await onEveryTarget(sessions, listing.fetch);
    if (args.flags.has('json')) {
      const out = Object.fromEntries(outcomes.map((o) => [o.target, o.error ? { error: o.error.message } : o.value]));
      io.out(JSON.stringify(out, null, 2) + '\n');
    } else {
      for (const o of outcomes) {
        io.out(`== ${o.target}\n`);
        if (o.error) io.out(`error: ${o.error.message}\n`);
        else io.out(o.value!.length ? table(listing.headers, o.value!.map((i) => listing.row(i) as string[])) : `(no ${command})\n`);
      }
    }
    for (const o of outcomes) if (o.error) io.err(`${o.error.message}\n`);
    return outcomes.some((o) => o.error) ? 1 : 0;
  } finally {
    await closeAll(sessions);
  }
}
