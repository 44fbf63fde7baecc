// `images`, `servers`, `flavors`, `networks`, `keypairs`: the same list from every --cloud, side by side.
import type { Session } from '../openstack/session';
import { collect } from '../openstack/services/paging';
import { listImages } from '../openstack/services/image';
import { listFlavors, listKeypairs } from '../openstack/services/compute';
import { listNetworks } from '../openstack/services/network';
import { listServerSummaries } from '../openstack/compute/servers';
import { UsageError, parseArgs, type ParsedArgs } from './args';
import { COMMON_OPTIONS, closeAll, onEveryTarget, targetSessions } from './session';
import { formatBytes, table } from '../text/table';
import type { CliIo } from './main';
import { LIST_KINDS, type ListKind } from './listKinds';

interface Listing {
  headers: string[];
  fetch: (s: Session) => Promise<Record<string, unknown>[]>;
  row: (item: Record<string, unknown>) => unknown[];
}

const LISTINGS: Record<ListKind, Listing> = {
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

function isListKind(k: string): k is ListKind {
  return (LIST_KINDS as readonly string[]).includes(k);
}

/** `images ...` lists one kind; `list images servers ...` several, with one token per cloud. */
export async function runList(command: string, argv: string[], io: CliIo): Promise<number> {
  const args: ParsedArgs = parseArgs(argv, COMMON_OPTIONS);
  const requested = command === 'list' ? args.positionals : [command, ...args.positionals];
  const unknown = requested.filter((k) => !isListKind(k));
  const kinds = requested.filter(isListKind);
  if (!kinds.length || unknown.length) throw new UsageError(`list what? ${LIST_KINDS.join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
  const sessions = await targetSessions(args, io);
  try {
    const outcomes = await onEveryTarget(sessions, async (s) => {
      const lists = await Promise.all(kinds.map((k) => LISTINGS[k].fetch(s)));
      return Object.fromEntries(kinds.map((k, i) => [k, lists[i]]));
    });
    if (args.flags.has('json')) {
      const value = (o: (typeof outcomes)[number]) => (o.error ? { error: o.error.message } : kinds.length === 1 ? o.value![kinds[0]] : o.value);
      io.out(JSON.stringify(Object.fromEntries(outcomes.map((o) => [o.target, value(o)])), null, 2) + '\n');
    } else {
      for (const o of outcomes) {
        io.out(`== ${o.target}\n`);
        if (o.error) io.out(`error: ${o.error.message}\n`);
        else {
          for (const kind of kinds) {
            const items = o.value![kind];
            if (kinds.length > 1) io.out(`-- ${kind}\n`);
            io.out(items.length ? table(LISTINGS[kind].headers, items.map((i) => LISTINGS[kind].row(i) as string[])) : `(no ${kind})\n`);
          }
        }
      }
    }
    for (const o of outcomes) if (o.error) io.err(`${o.error.message}\n`);
    return outcomes.some((o) => o.error) ? 1 : 0;
  } finally {
    await closeAll(sessions);
  }
}
