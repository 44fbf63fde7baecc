// What the boot wizard's review step says, per chosen cloud, before anything is created: the
// servers' names, image, flavor, network, key pair, security groups and whether (and how) the
// servers get on the internet. No `vscode` here (unit-tested); bootReview.ts draws it.
import type { FloatingIp, Network } from '../../openstack/services/network';
import { fleetMemberNames } from '../../openstack/compute/bootFleet';

/** What the wizard chose, the same for every cloud. */
export interface BootChoice {
  names: string[];
  image: string;
  flavor: string;
  /** A network name or ID; undefined: automatic. */
  network?: string;
  keyName?: string;
  /** The public key file imported as `keyName` where the cloud lacks it. */
  importFile?: string;
  securityGroups: string[];
  autoIp: boolean;
  userDataFrom?: string;
}

/** What one cloud has of it (from the lists the wizard already loaded). */
export interface CloudFacts {
  target: string;
  images: string[];
  flavors: string[];
  networks: Pick<Network, 'id' | 'name' | 'router:external'>[];
  keypairs: string[];
  floatingIps: Pick<FloatingIp, 'floating_ip_address' | 'port_id'>[];
  /** floating_ip_source is not None. */
  floatingIpSource: boolean;
}

export interface ReviewRow {
  label: string;
  value: string;
  /** The boot fails or does not do what the user may expect there. */
  warning?: boolean;
}

/** `NAME` for one server; `NAME-1`..`NAME-N` for more (the fleet core's names). */
export function serverNames(name: string, count: number): string[] {
  return count > 1 ? fleetMemberNames(name, count) : [name];
}

/** The count step's answer: a whole number from 1 to 100, or why not. */
export function parseCount(text: string): number | string {
  const v = text.trim();
  if (!/^\d+$/.test(v)) return 'A whole number of servers per cloud (1 or more)';
  const n = Number(v);
  if (n < 1) return 'At least one server';
  if (n > 100) return 'At most 100 servers per cloud from here (the CLI boots larger fleets)';
  return n;
}

function listed(names: string[]): string {
  return names.length > 3 ? `${names[0]} … ${names[names.length - 1]} (${names.length})` : names.join(', ');
}

/** "yes: new floating IP", "yes: existing floating IP 203.0.113.7", "yes: provider IPv4 on public", or no and why. */
export function internetText(choice: BootChoice, facts: CloudFacts): { value: string; warning?: boolean } {
  if (!choice.autoIp) return { value: 'no: private addresses only' };
  const net = choice.network === undefined ? undefined : facts.networks.find((n) => n.id === choice.network || n.name === choice.network);
  if (net?.['router:external']) return { value: `yes: provider IPv4 on ${net.name || net.id}` };
  if (!facts.floatingIpSource) return { value: 'no: this cloud has floating_ip_source: None', warning: true };
  const free = facts.floatingIps.filter((f) => !f.port_id).map((f) => f.floating_ip_address);
  const count = choice.names.length;
  if (!free.length) return { value: `yes: new floating IP${count > 1 ? 's' : ''}` };
  if (count === 1) return { value: `yes: existing floating IP ${free[0]}` };
  const reused = Math.min(free.length, count);
  return { value: `yes: ${reused} existing floating IP${reused > 1 ? 's' : ''}${count > reused ? `, ${count - reused} new` : ''}` };
}

function missing(name: string, have: string[]): boolean {
  return !have.includes(name);
}

/** The rows of one cloud, in the wizard's order. */
export function reviewRows(choice: BootChoice, facts: CloudFacts): ReviewRow[] {
  const net = choice.network === undefined ? undefined : facts.networks.find((n) => n.id === choice.network || n.name === choice.network);
  const keyMissing = !!choice.keyName && !choice.importFile && missing(choice.keyName, facts.keypairs);
  const internet = internetText(choice, facts);
  return [
    { label: choice.names.length > 1 ? 'Servers' : 'Server', value: listed(choice.names) },
    { label: 'Image', value: missing(choice.image, facts.images) ? `${choice.image} (not found by name here: booting fails unless it is an ID)` : choice.image, warning: missing(choice.image, facts.images) },
    { label: 'Flavor', value: missing(choice.flavor, facts.flavors) ? `${choice.flavor} (not found by name here)` : choice.flavor, warning: missing(choice.flavor, facts.flavors) },
    { label: 'Network', value: choice.network === undefined ? 'automatic (the default or only own network)' : net ? choice.network : `${choice.network} (not on this cloud)`, warning: choice.network !== undefined && !net },
    {
      label: 'Key pair',
      value: !choice.keyName ? 'none: not reachable by SSH'
        : choice.importFile ? `${choice.keyName} (${missing(choice.keyName, facts.keypairs) ? 'imported' : 'already here'} from ${choice.importFile})`
        : keyMissing ? `${choice.keyName} (not on this cloud)` : choice.keyName,
      warning: !choice.keyName || keyMissing,
    },
    { label: 'Security groups', value: choice.securityGroups.length ? choice.securityGroups.join(', ') : 'default' },
    ...(choice.userDataFrom ? [{ label: 'User data', value: choice.userDataFrom }] : []),
    { label: 'On the internet', ...internet },
  ];
}

/** What "Boot" creates: "3 servers on 2 clouds". */
export function bootTotal(perCloud: number, clouds: number): string {
  const servers = perCloud * clouds;
  return `${servers} server${servers === 1 ? '' : 's'} on ${clouds} cloud${clouds === 1 ? '' : 's'}`;
}

/** One line a cloud's separator row carries (the quick pick shows separators as headings). */
export function cloudHeading(facts: CloudFacts, choice: BootChoice): string {
  return `${facts.target}: ${choice.names.length} server${choice.names.length > 1 ? 's' : ''}`;
}
