// The ansible-playbook command line and environment for running a playbook against our clouds:
// OS_CLIENT_CONFIG_FILE names the clouds.yaml the explorer uses, the chosen clouds go in as the
// `clouds` extra var that exported playbooks loop over (exportPlaybook.ts), and the output is
// pinned to what playbookOutput.ts reads (the default callback, one-line JSON results, the task
// path printed on failure), whatever the user's ansible.cfg says. Secrets the user keeps in VS Code
// go through a temporary 0600 secure.yaml (OS_CLIENT_SECURE_FILE), never argv or the environment.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The extra var exported playbooks read the clouds from (`-e clouds=a,b` or a JSON list). */
export const CLOUDS_EXTRA_VAR = 'clouds';

export interface PlaybookRunOptions {
  /** ansible-playbook's path, or a bare name looked up on PATH. */
  ansiblePlaybook: string;
  playbook: string;
  /** The clouds.yaml to use; unset: openstacksdk's own search. */
  cloudsFile?: string;
  /** Only these clouds (the playbook's `clouds`); unset or empty: the playbook's own list. */
  clouds?: readonly string[];
  /** A secure.yaml written by writeSecureFile. */
  secureFile?: string;
  /** The environment to start from (the extension host's). */
  baseEnv: Readonly<Record<string, string | undefined>>;
}

export interface PlaybookCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** The playbook's folder: relative includes, roles and ansible.cfg are found from there. */
  cwd: string;
}

/** Settings that make the output what parsePlaybookOutput reads, and keep retry files out of the workspace. */
const OUTPUT_ENV: Record<string, string> = {
  ANSIBLE_STDOUT_CALLBACK: 'default',
  ANSIBLE_SHOW_TASK_PATH_ON_FAILURE: 'True',
  ANSIBLE_CALLBACK_RESULT_FORMAT: 'json',
  ANSIBLE_CALLBACK_FORMAT_PRETTY: 'False',
  ANSIBLE_DISPLAY_FAILED_STDERR: 'False',
  ANSIBLE_NOCOLOR: '1',
  ANSIBLE_RETRY_FILES_ENABLED: 'False',
  // Playbooks for clouds run on localhost: the implicit-localhost warnings say nothing here.
  ANSIBLE_LOCALHOST_WARNING: 'False',
  ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False',
  PYTHONUNBUFFERED: '1',
};

export function playbookCommand(options: PlaybookRunOptions): PlaybookCommand {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.baseEnv)) if (v !== undefined) env[k] = v;
  delete env.ANSIBLE_FORCE_COLOR;
  Object.assign(env, OUTPUT_ENV);
  if (options.cloudsFile) env.OS_CLIENT_CONFIG_FILE = options.cloudsFile;
  if (options.secureFile) env.OS_CLIENT_SECURE_FILE = options.secureFile;
  const args = [options.playbook];
  // JSON, not `clouds=a,b`: a name may hold any character, and `{` keeps ansible from reading `@file`.
  if (options.clouds?.length) args.push('-e', JSON.stringify({ [CLOUDS_EXTRA_VAR]: [...options.clouds] }));
  return { command: options.ansiblePlaybook || 'ansible-playbook', args, env, cwd: path.dirname(options.playbook) };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The secure.yaml text for a run: the user's own secure.yaml (`existing`, as parsed; it would be
 * hidden by OS_CLIENT_SECURE_FILE) with the secrets kept in VS Code added under each cloud's
 * `auth`, below what the file sets, as the explorer resolves them. JSON, which YAML reads as is.
 */
export function secureYamlText(existing: unknown, secrets: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  const out: Json = isObject(existing) ? structuredClone(existing) : {};
  const clouds: Json = isObject(out.clouds) ? out.clouds : (out.clouds = {});
  for (const [cloud, values] of Object.entries(secrets)) {
    const entry: Json = isObject(clouds[cloud]) ? (clouds[cloud] as Json) : (clouds[cloud] = {});
    const auth: Json = isObject(entry.auth) ? entry.auth : (entry.auth = {});
    for (const [key, value] of Object.entries(values)) if (auth[key] === undefined) auth[key] = value;
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

export interface SecureFile {
  path: string;
  /** Deletes the file and its private folder; safe to call twice. */
  remove(): Promise<void>;
}

/** Writes `text` to a new 0600 file in a new 0700 folder under the temp dir (no other user can read or swap it). */
export async function writeSecureFile(text: string, tmpdir = os.tmpdir()): Promise<SecureFile> {
  const dir = await fs.mkdtemp(path.join(tmpdir, 'openstack-ansible-'));
  const file = path.join(dir, 'secure.yaml');
  await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' });
  return { path: file, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

export interface MissingDependency {
  what: 'ansible-playbook' | 'openstack.cloud collection' | 'openstacksdk';
  /** How to install it, exactly. */
  install: string;
}

const INSTALL = 'Install it: on Debian/Ubuntu `sudo apt install ansible python3-openstacksdk`; elsewhere `python3 -m pip install ansible openstacksdk`';

/**
 * What is missing, from a spawn error code or the run's output: ansible-playbook itself, the
 * openstack.cloud collection (`couldn't resolve module/action 'openstack.cloud.*'`), or an
 * openstacksdk the collection can use.
 */
export function missingDependency(output: string, spawnErrorCode?: string): MissingDependency | undefined {
  if (spawnErrorCode === 'ENOENT') {
    return { what: 'ansible-playbook', install: `${INSTALL}, or set openstackClouds.ansible.playbookPath to its path.` };
  }
  if (/couldn't resolve module\/action '(?:openstack\.cloud\.|os_)/.test(output)) {
    return { what: 'openstack.cloud collection', install: `${INSTALL} (the ansible package carries it), or \`ansible-galaxy collection install openstack.cloud\`.` };
  }
  if (/openstacksdk is required for this module|Incompatible openstacksdk library found/.test(output)) {
    return { what: 'openstacksdk', install: 'Install an openstacksdk the openstack.cloud collection accepts, for the Python that runs Ansible: on Debian/Ubuntu `sudo apt install python3-openstacksdk`; elsewhere `python3 -m pip install openstacksdk` (openstack.cloud 2.x needs openstacksdk 1.0 or later).' };
  }
  return undefined;
}
