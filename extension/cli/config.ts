// `openstack-clouds config [--cloud NAME] [--region R] [--json] [--show-secrets] [--no-fetch]`:
// the clouds as openstacksdk resolves them, one entry per (cloud, region). Problems go to stderr
// as `file:line:col: severity code: message`; the exit code is 1 when any is an error.
import os from 'node:os';
import {
  checkTlsFiles,
  diagnoseConfig,
  loadCloudsConfig,
  maskSecrets,
  problemsOfCloud,
  resolveClouds,
  type CloudRegion,
  type ResolvedConfig,
} from '../config/index';
import { formatProblem, hasErrors } from '../yaml/problem';
import { fetchProfilesAndResolve, privateProfilesAllowed } from '../openstack/remoteProfiles';
import type { CliIo } from './main';

export const CONFIG_HELP = `Usage: openstack-clouds config [--cloud NAME] [--region R] [--json] [--show-secrets] [--no-fetch]

Shows every cloud region of clouds.yaml as openstacksdk resolves it (profiles, secure.yaml,
regions, OS_* variables), and every problem found, located as file:line:col.
  --cloud NAME     only this cloud
  --region R       only this region (needs --cloud)
  --json           [{"name", "region_name", "config"}] with openstacksdk's CloudRegion.config
  --show-secrets   print passwords, tokens and secrets instead of ***
  --no-fetch       do not fetch remote vendor profiles (profile: https://...); a profile on a
                   loopback, link-local or private address is refused unless the environment
                   sets OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES=1
Exit status: 0 when the configuration is valid, 1 when it has errors, 2 on bad usage.
`;

interface Options {
  cloud?: string;
  region?: string;
  json: boolean;
  showSecrets: boolean;
  fetch: boolean;
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { json: false, showSecrets: false, fetch: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--json') o.json = true;
    else if (flag === '--show-secrets') o.showSecrets = true;
    else if (flag === '--no-fetch') o.fetch = false;
    else if (flag === '--cloud' || flag === '--os-cloud') o.cloud = value();
    else if (flag === '--region' || flag === '--os-region-name') o.region = value();
    else return `unknown option '${arg}'`;
    if ((flag === '--cloud' || flag === '--region') && (o.cloud === undefined || (flag === '--region' && o.region === undefined))) return `${flag} needs a value`;
  }
  if (o.region !== undefined && o.cloud === undefined) return '--region needs --cloud';
  return o;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length) {
    return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, typeof value === 'string' ? value : JSON.stringify(value)]];
}

function render(resolved: ResolvedConfig, regions: CloudRegion[], detailed: boolean): string {
  if (detailed && regions.length === 1) {
    const r = regions[0]!;
    return `${r.name} ${r.region_name || '(no region)'}\n` + table([['KEY', 'VALUE'], ...flatten(r.config).sort(([a], [b]) => a.localeCompare(b))]);
  }
  const rows = [['CLOUD', 'REGION', 'AUTH TYPE', 'AUTH URL', 'PROJECT', 'USER', 'STATUS']];
  for (const cloud of resolved.clouds) {
    for (const r of regions.filter((x) => x.name === cloud.name)) {
      const a = r.config.auth as Record<string, unknown>;
      const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
      rows.push([r.name, r.region_name || '-', r.config.auth_type, text(a.auth_url), text(a.project_name ?? a.project_id ?? a.tenant_name), text(a.username ?? a.user_id ?? a.application_credential_id ?? a.application_credential_name), 'ok']);
    }
    if (cloud.status !== 'ok') rows.push([cloud.name, '-', '', '', '', '', cloud.status === 'error' ? 'error (see stderr)' : `waiting for profile ${cloud.pendingProfile?.name}`]);
  }
  return table(rows);
}

export async function runConfig(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.err(`openstack-clouds config: ${options}\n\n${CONFIG_HELP}`);
    return 2;
  }
  const loaded = await loadCloudsConfig({ environment: { cwd, env, home: env.HOME || os.homedir(), platform: process.platform } });
  if (!loaded.files.clouds && loaded.clouds.length === 0) {
    const looked = loaded.consulted.filter((p) => /(^|[\\/])clouds\.(yaml|yml|json)$/.test(p));
    io.err(`openstack-clouds config: no clouds.yaml found and no OS_* variables set; looked at:\n${looked.map((p) => `  ${p}`).join('\n')}\n`);
    for (const p of loaded.problems) io.err(`${formatProblem(p)}\n`);
    return 1;
  }
  const select = { cloud: options.cloud, region: options.region };
  const resolved = options.fetch ? await fetchProfilesAndResolve(loaded, { ...select, allowPrivateAddresses: privateProfilesAllowed(env) }) : resolveClouds(loaded, select);
  // The TLS files checked as every other command checks them before a request: a cloud whose CA
  // bundle or client certificate cannot be read is an error here too. The JSON stays what
  // openstacksdk resolves (it finds out at the first request).
  const checked = checkTlsFiles(resolved);
  let problems = diagnoseConfig(checked).filter((p) => p.severity !== 'hint');
  if (options.cloud !== undefined) problems = problemsOfCloud(loaded, options.cloud, problems);
  const shown = (options.json ? resolved : checked).regions;
  const regions = options.showSecrets ? shown : shown.map((r) => ({ ...r, config: maskSecrets(r.config) }));
  if (options.json) io.out(`${JSON.stringify(regions.map((r) => ({ name: r.name, region_name: r.region_name, config: r.config })), null, 2)}\n`);
  else io.out(render(checked, regions, options.cloud !== undefined));
  for (const p of problems) io.err(`${formatProblem(p)}\n`);
  return hasErrors(problems) ? 1 : 0;
}
