// Export an action as the equivalent Ansible playbook (openstack.cloud modules), so what was done
// once from the side bar or the CLI can be repeated, reviewed and scaled with Ansible. The play
// loops over the chosen clouds through a `clouds` variable (override: `-e clouds=a,b` or a JSON
// list) and reads `state` (`-e state=absent` removes what it made). It names clouds, never
// credentials: those stay in clouds.yaml, which Ansible reads as openstacksdk does.
import { emitYaml, TaggedString, type YamlValue } from '../yaml/emit';

/** openstack.cloud major version the playbook is written for (chosen as the lint chooses it). */
export type CollectionVersion = '1' | '2';

/**
 * What differs between the versions in what we write (from the collections' own argument specs,
 * extension/language/data/): 1.x's server takes `delete_fip` (2.x: `delete_ips`, `delete_fip` an
 * alias), its server_info names the server with `server` (2.x: `name`) and returns
 * `openstack_servers` (2.x: `servers`), its image has `is_public` and no `visibility`.
 */
const DIALECT = {
  '1': { deleteIps: 'delete_fip', infoName: 'server', servers: 'openstack_servers' },
  '2': { deleteIps: 'delete_ips', infoName: 'name', servers: 'servers' },
} as const;

const versionOf = (options: ExportCommon): CollectionVersion => options.collectionVersion ?? '2';

export interface ExportCommon {
  /** Cloud names from clouds.yaml (each cloud's default region). */
  clouds: readonly string[];
  collectionVersion?: CollectionVersion;
  /** Who wrote it, for the header comment (e.g. "openstack-clouds 0.1.0"). */
  generator?: string;
  /** More lines for the header comment (what the reader should know, e.g. a format a cloud wants). */
  notes?: readonly string[];
}

export interface UploadExport extends ExportCommon {
  name: string;
  /**
   * The image file as the machine that runs ansible-playbook sees it; undefined when it is not
   * known (an image exported from a cloud): the playbook then reads `image_file`, left for the user.
   */
  file?: string;
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
  /** A public key file imported as `keyName` on each cloud (the keypair module leaves a key that is there). */
  publicKeyFile?: string;
  /** cloud-init user data, written as it is. */
  userData?: string;
  /**
   * A file of cloud-init user data, which the play reads when it runs (in place of `userData`):
   * what the file holds (passwords, tokens) is not copied into the playbook.
   */
  userDataFile?: string;
}

/** What `image_file` says until the user gives the path: the play refuses to upload it. */
export const IMAGE_FILE_PLACEHOLDER = 'FILL-IN: path of the image file';

/** A value from the user: Ansible would render `{{ }}` in it as a template, so such a value is `!unsafe`. */
function literal(value: string): string | TaggedString {
  return /\{[{%#]/.test(value) ? new TaggedString('!unsafe', value) : value;
}

// `-e clouds=a,b` arrives as a string, the play's own value and `-e '{"clouds": [...]}'` as a list.
const CLOUDS = "(clouds.split(',') if clouds is string else clouds)";

function checkCommon(options: ExportCommon): void {
  if (!(versionOf(options) in DIALECT)) throw new Error(`export writes playbooks for openstack.cloud 1.x or 2.x, not ${String(options.collectionVersion)}.x`);
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
    `${what}, exported${options.generator ? ` by ${options.generator}` : ''} for openstack.cloud ${versionOf(options)}.x.`,
    'Credentials come from clouds.yaml (OS_CLIENT_CONFIG_FILE or the standard places); none is written here.',
    '  ansible-playbook THIS.yml                         # on every cloud in `clouds`',
    '  ansible-playbook THIS.yml -e clouds=CLOUD1,CLOUD2  # on these only',
    '  ansible-playbook THIS.yml -e state=absent          # remove what it made',
    ...(options.notes ?? []),
  ];
}

function visibilityOf(options: UploadExport): Record<string, YamlValue> {
  if (!options.visibility) return {};
  if (versionOf(options) === '2') return { visibility: literal(options.visibility) };
  if (options.visibility === 'public' || options.visibility === 'private') return { is_public: options.visibility === 'public' };
  throw new Error(`openstack.cloud 1.x's image module knows public or private (is_public), not visibility '${options.visibility}'`);
}

/** The file is not known: a variable the user sets, and a first task that says so rather than upload nothing. */
function fileCheck(): YamlValue {
  return {
    name: 'The image file is given',
    'ansible.builtin.assert': {
      that: `state == 'absent' or image_file != '${IMAGE_FILE_PLACEHOLDER}'`,
      fail_msg: 'Set image_file to the path of the image file, in this playbook or with -e image_file=PATH',
    },
  };
}

/** `upload FILE --cloud ...` as a playbook: one openstack.cloud.image task per cloud. */
export function exportUploadPlaybook(options: UploadExport): string {
  checkCommon(options);
  const image: Record<string, YamlValue> = {
    cloud: '{{ item }}',
    name: literal(options.name),
    filename: options.file === undefined ? '{{ image_file }}' : literal(options.file),
    disk_format: literal(options.diskFormat),
    container_format: literal(options.containerFormat ?? 'bare'),
    ...visibilityOf(options),
    state: '{{ state }}',
  };
  const known = options.file !== undefined;
  const tasks = [...(known ? [] : [fileCheck()]), { name: 'Image on each cloud', 'openstack.cloud.image': image, loop: `{{ ${CLOUDS} }}` }];
  const vars = { clouds: [...options.clouds], state: 'present', ...(known ? {} : { image_file: IMAGE_FILE_PLACEHOLDER }) };
  const note = known ? [] : ['', `image_file: ${IMAGE_FILE_PLACEHOLDER}. The image's file is not known here: set image_file before running.`];
  return emitYaml(play(literal(`Upload image ${options.name}`), vars, tasks), [...header(options, `Upload of image ${options.name}`), ...note]);
}

function nicsOf(networks: readonly string[]): Record<string, YamlValue> {
  if (networks.length === 0) return {};
  if (networks.length === 1) return { network: literal(networks[0]!) };
  return { nics: networks.map((n) => ({ 'net-name': literal(n) })) };
}

/** The user's public key as a key pair on each cloud; kept by `state=absent` (it may be used elsewhere). */
function keyPairTask(keyName: string, file: string): YamlValue {
  return {
    name: 'Key pair on each cloud',
    'openstack.cloud.keypair': { cloud: '{{ item }}', name: literal(keyName), public_key_file: literal(file), state: 'present' },
    loop: `{{ ${CLOUDS} }}`,
    when: "state == 'present'",
  };
}

/** The server's `userdata`: read from `user_data_file` when the play runs (byte for byte), else the text given. */
function userDataOf(options: BootExport): Record<string, YamlValue> {
  if (options.userDataFile) return { userdata: "{{ lookup('ansible.builtin.file', user_data_file, rstrip=false) }}" };
  return options.userData !== undefined ? { userdata: literal(options.userData) } : {};
}

/** `boot NAME --cloud ...` as a playbook: the servers, then their floating IPs printed. */
export function exportBootPlaybook(options: BootExport): string {
  checkCommon(options);
  const count = options.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`count must be a whole number above 0, not ${count}`);
  const fleet = count > 1;
  const dialect = DIALECT[versionOf(options)];
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
    ...userDataOf(options),
    [dialect.deleteIps]: true,
    state: '{{ state }}',
  };
  const floating = `item.${dialect.servers} | map(attribute='addresses') | map('dict2items') | flatten | map(attribute='value') | flatten`
    + " | selectattr('OS-EXT-IPS:type', 'equalto', 'floating') | map(attribute='addr') | join(', ')";
  const tasks: YamlValue[] = [
    ...(options.publicKeyFile && options.keyName ? [keyPairTask(options.keyName, options.publicKeyFile)] : []),
    { name: 'Servers on each cloud', 'openstack.cloud.server': server, loop, loop_control: label },
    { name: 'Look up the servers', 'openstack.cloud.server_info': { cloud, [dialect.infoName]: name }, loop, loop_control: label, register: 'found', when: "state == 'present'" },
    {
      name: 'Floating IPs',
      'ansible.builtin.debug': { msg: `${who}: {{ (${floating}) or 'no floating IP' }}` },
      loop: '{{ found.results }}',
      loop_control: { label: who },
      when: "state == 'present'",
    },
  ];
  const vars: Record<string, YamlValue> = {
    clouds: [...options.clouds], state: 'present', server_name: literal(options.name), ...(fleet ? { server_count: count } : {}),
    ...(options.userDataFile ? { user_data_file: literal(options.userDataFile) } : {}),
  };
  return emitYaml(play(literal(`Boot ${fleet ? `${count} servers ${options.name}-N` : `server ${options.name}`}`), vars, tasks), header(options, `Boot of ${options.name}`));
}
