// Harness of the differential test against Debian's openstacksdk: lays each fixture case out in a
// sandbox (cwd, HOME, files, environment), starts the loopback servers its remote profiles need,
// runs test/support/openstacksdk_dump.py over all cases in one Python process, and gives both
// sides the same inputs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fixture, repoRoot } from './paths';
import { ensureAptPackages } from './aptPackages';

export const PYTHON = '/usr/bin/python3';

export interface CaseSpec {
  description: string;
  env?: Record<string, string>;
  /** Where a file of the case dir goes, relative to the sandbox (default `cwd/<file>`). */
  layout?: Record<string, string>;
  requests?: { cloud: string; region?: string }[];
  /** Remote profile documents (or `{ "status": 404 }`), each served by its own loopback server. */
  remote_profiles?: Record<string, unknown>;
  /** Deliberate differences from openstacksdk 0.101.0 in this case: `key` (dotted) with the reason. */
  differences?: { cloud?: string; key: string; reason: string }[];
  /** Codes we must report for this case, beyond what the comparison requires. */
  expect_codes?: string[];
}

export interface PreparedCase {
  id: string;
  spec: CaseSpec;
  root: string;
  cwd: string;
  home: string;
  env: Record<string, string>;
  /** Off-machine host -> loopback server URL (for built-in remote profiles such as vexxhost). */
  hostMap: Record<string, string>;
}

export interface SdkItem {
  name?: string;
  region_name?: string;
  config?: Record<string, unknown>;
  force_ipv4?: boolean;
  cloud?: string;
  region?: string | null;
  error?: string;
}

export interface SdkResult {
  fatal?: string;
  driver_error?: string;
  items?: SdkItem[];
  warnings?: string[];
  default_cloud?: string | null;
}

/**
 * Installs the reference with apt when this machine lacks it (CI on a fresh Debian). Auth plugins
 * of the cases come from other packages' entry points: `v1password` from python3-swiftclient,
 * `noauth` from python3-cinderclient, so they are part of the reference too (the test cloud's
 * python3-openstackclient pulls them in as well, but may still be installing when this runs).
 */
const REFERENCE_PACKAGES = ['python3-openstacksdk', 'python3-swiftclient', 'python3-cinderclient'];

export function ensureOpenstacksdk(): void {
  ensureAptPackages([PYTHON, '-c', 'import openstack.config, requests, swiftclient, cinderclient.contrib.noauth'], REFERENCE_PACKAGES);
}

export function caseIds(): string[] {
  return fs.readdirSync(fixture('config'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(cwd|home|root|remote:[\w.-]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/** Starts one loopback server per remote profile of the case; returns name -> base URL. */
async function serveProfiles(spec: CaseSpec, servers: http.Server[]): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const [name, body] of Object.entries(spec.remote_profiles ?? {})) {
    const server = http.createServer((req, res) => {
      const status = (body as { status?: number }).status;
      if (req.url !== '/.well-known/openstack/api' || status) {
        res.writeHead(status ?? 404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  return urls;
}

export async function prepareCase(id: string, servers: http.Server[]): Promise<PreparedCase> {
  const dir = fixture('config', id);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'env.json'), 'utf8')) as CaseSpec;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `oscfg-${id}-`));
  const cwd = path.join(root, 'cwd');
  const home = path.join(root, 'home');
  fs.mkdirSync(cwd, { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  const remotes = await serveProfiles(spec, servers);
  const vars: Record<string, string> = { cwd, home, root };
  const hostMap: Record<string, string> = {};
  for (const [name, url] of Object.entries(remotes)) {
    vars[`remote:${name}`] = url;
    if (name.includes('.')) hostMap[name] = url;
  }
  for (const file of fs.readdirSync(dir)) {
    if (file === 'env.json') continue;
    const target = path.join(root, spec.layout?.[file] ?? path.join('cwd', file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, substitute(fs.readFileSync(path.join(dir, file), 'utf8'), vars));
  }
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_DIRS: path.join(root, 'etc-xdg') };
  for (const [k, v] of Object.entries(spec.env ?? {})) env[k] = substitute(v, vars);
  return { id, spec, root, cwd, home, env, hostMap };
}

/** Runs the Python driver once over every case. */
export async function runOpenstacksdk(cases: PreparedCase[]): Promise<Record<string, SdkResult>> {
  const input = cases.map((c) => ({
    id: c.id,
    cwd: c.cwd,
    env: c.env,
    requests: c.spec.requests ?? null,
    host_map: c.hostMap,
  }));
  const child = spawn(PYTHON, [path.join(repoRoot, 'test', 'support', 'openstacksdk_dump.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(JSON.stringify(input));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`openstacksdk driver failed (exit ${code}): ${stderr}`);
  return JSON.parse(stdout) as Record<string, SdkResult>;
}

export function cleanup(cases: PreparedCase[], servers: http.Server[]): void {
  for (const s of servers) s.close();
  for (const c of cases) fs.rmSync(c.root, { recursive: true, force: true });
}
