// Export an action as the equivalent Ansible playbook (openstack.cloud modules), so what was done
// once from the side bar or the CLI can be repeated, reviewed and scaled with Ansible. The play
// loops over the chosen clouds through a `clouds` variable (override: `-e clouds=a,b` or a JSON
// list) and reads `state` (`-e state=absent` removes what it made). It names clouds, never
// credentials: those stay in clouds.yaml, which Ansible reads as openstacksdk does.
import { emitYaml, TaggedString, type YamlValue } from '../yaml/emit';

/** openstack.cloud major version the playbook is written for. Only '2' is written so far; '1'
 *  (1.x: other return keys, e.g. `openstack_servers`) is the seam for the lint's version targeting. */
export type CollectionVersion = '1' | '2';

export interface ExportCommon {
  /** Cloud names from clouds.yaml (each cloud's default region). */
  clouds: readonly string[];
  collectionVersion?: CollectionVersion;
  /** Who wrote it, for the header comment (e.g. "openstack-clouds 0.1.0"). */
  generator?: string;
}

export interface UploadExport extends ExportCommon {
  name: string;
  /** The image file as the machine that runs ansible-playbook sees it. */
  file: string;
  diskFormat: string;
  containerFormat?: string;
  visibility?: string;
}

export interface BootExport extends ExportCommon {
  name: string;
  image: string;
  flavor: string;
  networks?: readonly string[];
  keyName?: string;
  /** Servers per cloud; above 1 they are named NAME-1..NAME-N. */
  count?: number;
  autoIp?: boolean;
  /** Default ['default']: the API attaches it anyway, and a module given [] removes it on every run. */
  securityGroups?: readonly string[];
}

/** A value from the user: Ansible would render `{{ }}` in it as a template, so such a value is `!unsafe`. */
function literal(value: string): string | TaggedString {
  return /\{[{%#]/.test(value) ? new TaggedString('!unsafe', value) : value;
}

// `-e clouds=a,b` arrives as a string, the play's own value and `-e '{"clouds": [...]}'` as a list.
const CLOUDS = "(clouds.split(',') if clouds is string else clouds)";

function checkCommon(options: ExportCommon): void {
  if ((options.collectionVersion ?? '2') !== '2') throw new Error(`export writes playbooks for openstack.cloud 2.x only, not ${options.collectionVersion}.x`);
  if (!options.clouds.length) throw new Error('export needs at least one cloud');
  for (const cloud of options.clouds) {
    if (!cloud || cloud.includes(',')) throw new Error(`cloud name '${cloud}' cannot be written in the clouds list (empty or with a comma)`);
  }
}

function play(name: string | TaggedString, vars: Record<string, YamlValue>, tasks: YamlValue[]): YamlValue[] {
  return [{ name, hosts: 'localhost', gather_facts: false, vars, tasks }];
}

function header(options: ExportCommon, what: string): string[] {
  return [
    `${what}, exported${options.generator ? ` by ${options.generator}` : ''} for openstack.cloud 2.x.`,
    'Credentials come from clouds.yaml (OS_CLIENT_CONFIG_FILE or the standard places); none is written here.',
    '  ansible-playbook THIS.yml                         # on every cloud in `clouds`',
    '  ansible-playbook THIS.yml -e clouds=CLOUD1,CLOUD2  # on these only',
    '  ansible-playbook THIS.yml -e state=absent          # remove what it made',
  ];
}

/** `upload FILE --cloud ...` as a playbook: one openstack.cloud.image task per cloud. */
export function exportUploadPlaybook(options: UploadExport): string {
  checkCommon(options);
  const image: Record<string, YamlValue> = {
    cloud: '{{ item }}',
    name: literal(options.name),
    filename: literal(options.file),
    disk_format: literal(options.diskFormat),
    container_format: literal(options.containerFormat ?? 'bare'),
    ...(options.visibility ? { visibility: literal(options.visibility) } : {}),
    state: '{{ state }}',
  };
  const tasks = [{ name: 'Image on each cloud', 'openstack.cloud.image': image, loop: `{{ ${CLOUDS} }}` }];
  return emitYaml(play(literal(`Upload image ${options.name}`), { clouds: [...options.clouds], state: 'present' }, tasks), header(options, `Upload of image ${options.name}`));
}

function nicsOf(networks: readonly string[]): Record<string, YamlValue> {
  if (networks.length === 0) return {};
  if (networks.length === 1) return { network: literal(networks[0]!) };
  return { nics: networks.map((n) => ({ 'net-name': literal(n) })) };
}

/** `boot NAME --cloud ...` as a playbook: the servers, then their floating IPs printed. */
export function exportBootPlaybook(options: BootExport): string {
  checkCommon(options);
  const count = options.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a whole number above 0, not ${count}`);
  const fleet = count > 1;
  // Each loop item is a cloud name, or [cloud, index] for a fleet.
  const loop = fleet ? `{{ ${CLOUDS} | product(range(1, server_count | int + 1)) | list }}` : `{{ ${CLOUDS} }}`;
  const cloud = fleet ? '{{ item.0 }}' : '{{ item }}';
  const name = fleet ? '{{ server_name }}-{{ item.1 }}' : '{{ server_name }}';
  const label = { label: fleet ? `${cloud} ${name}` : cloud };
  // In the printing loop, `item.item` is the server loop's item.
  const who = fleet ? '{{ item.item.0 }} {{ server_name }}-{{ item.item.1 }}' : '{{ item.item }} {{ server_name }}';
  const server: Record<string, YamlValue> = {
    cloud, name,
    image: literal(options.image),
    flavor: literal(options.flavor),
    ...nicsOf(options.networks ?? []),
    ...(options.keyName ? { key_name: literal(options.keyName) } : {}),
    // The module's auto_ip defaults to true; the CLI's boot adds a floating IP only when asked.
    auto_ip: options.autoIp ?? false,
    security_groups: (options.securityGroups ?? ['default']).map(literal),
    delete_ips: true,
    state: '{{ state }}',
  };
  const floating = "item.servers | map(attribute='addresses') | map('dict2items') | flatten | map(attribute='value') | flatten"
    + " | selectattr('OS-EXT-IPS:type', 'equalto', 'floating') | map(attribute='addr') | join(', ')";
  const tasks: YamlValue[] = [
    { name: 'Servers on each cloud', 'openstack.cloud.server': server, loop, loop_control: label },
    { name: 'Look up the servers', 'openstack.cloud.server_info': { cloud, name }, loop, loop_control: label, register: 'found', when: "state == 'present'" },
    {
      name: 'Floating IPs',
      'ansible.builtin.debug': { msg: `${who}: {{ (${floating}) or 'no floating IP' }}` },
      loop: '{{ found.results }}',
      loop_control: { label: who },
      when: "state == 'present'",
    },
  ];
  const vars: Record<string, YamlValue> = { clouds: [...options.clouds], state: 'present', server_name: literal(options.name), ...(fleet ? { server_count: count } : {}) };
  return emitYaml(play(literal(`Boot ${fleet ? `${count} servers ${options.name}-N` : `server ${options.name}`}`), vars, tasks), header(options, `Boot of ${options.name}`));
}
