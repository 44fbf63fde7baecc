// Sessions on the real local OpenStack (testCloud.ts finds it, failing loudly when it is not up),
// scratch image files, unique names, and the check that a test left nothing half-made behind.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testCloud, TEST_CLOUDS } from './testCloud';
import { loadCloudRegions } from '../../extension/cli/cloudRegions';
import { runCli } from '../../extension/cli/main';
import type { CloudRegion } from '../../extension/openstack/cloudRegion';
import { Session, type SessionOptions } from '../../extension/openstack/session';
import { collect } from '../../extension/openstack/services/paging';
import { listImages, deleteImage } from '../../extension/openstack/services/image';
import { listServers } from '../../extension/openstack/services/compute';
import { listFloatingIps } from '../../extension/openstack/services/network';
import { deleteServerAndIps } from '../../extension/openstack/compute/deleteServer';

export const CLOUDS = TEST_CLOUDS;

export function cloudsYamlPath(): string {
  return testCloud().cloudsYaml;
}

export async function regions(): Promise<CloudRegion[]> {
  return (await loadCloudRegions(cloudsYamlPath())).regions;
}

export async function region(cloud: string, regionName = 'RegionOne'): Promise<CloudRegion> {
  const found = (await regions()).find((r) => r.name === cloud && r.region_name === regionName);
  if (!found) throw new Error(`${cloud}/${regionName} is not in ${cloudsYamlPath()}`);
  return found;
}

export async function session(cloud: string, regionName = 'RegionOne', options: SessionOptions = {}): Promise<Session> {
  return new Session(await region(cloud, regionName), options);
}

export interface CliRun { code: number; stdout: string; stderr: string }

/** The CLI in this process, as a user runs it, on the test cloud's clouds.yaml (`--clouds-file`). */
export async function cliOnTestCloud(args: string[]): Promise<CliRun> {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  const code = await runCli([...args, '--clouds-file', cloudsYamlPath()], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** A name unique to this run, so tests never meet each other's resources. */
export function uniqueName(what: string): string {
  return `it-${what}-${process.pid.toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
}

/** A scratch folder removed by the caller. */
export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'openstack-it-'));
}

/** A small qcow2 image made with qemu-img (no download). */
export function makeQcow2(dir: string, name = 'small.qcow2', size = '16M'): string {
  const file = path.join(dir, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, size]);
  return file;
}

/** A raw file of random bytes (random, so every run hashes differently). */
export function makeRaw(dir: string, bytes: number, name = 'random.raw'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, crypto.randomBytes(bytes));
  return file;
}

/** Deletes everything of ours whose name starts with `prefix` (images, servers and their floating IPs). */
export async function removeByPrefix(s: Session, prefix: string): Promise<void> {
  for (const img of await collect(listImages(s))) if (img.name?.startsWith(prefix)) await deleteImage(s, img.id).catch(() => undefined);
  for (const srv of await collect(listServers(s))) if (srv.name?.startsWith(prefix)) await deleteServerAndIps(s, srv.id).catch(() => undefined);
}

/** After a test file: delete what its names start with on every cloud, and its scratch folder. */
export async function cleanUp(prefix: string, dir?: string): Promise<void> {
  for (const cloud of CLOUDS) {
    const s = await session(cloud);
    await removeByPrefix(s, prefix);
    await s.close();
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** What a test must leave behind: nothing half-made (stuck images, servers, unattached floating IPs of ours). */
export async function leftovers(s: Session, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for (const img of await collect(listImages(s))) {
    if (img.name?.startsWith(prefix) && ['queued', 'saving', 'importing', 'uploading'].includes(img.status)) found.push(`image ${img.name} ${img.status}`);
  }
  const servers = await collect(listServers(s));
  for (const srv of servers) if (srv.name?.startsWith(prefix)) found.push(`server ${srv.name} ${srv.status}`);
  const serverIds = new Set(servers.map((x) => x.id));
  for (const fip of await listFloatingIps(s)) {
    const owner = /created by openstack-clouds for server (\S+)/.exec(fip.description ?? '')?.[1];
    if (owner && (!fip.port_id || !serverIds.has(owner))) found.push(`floating IP ${fip.floating_ip_address} (ours, ${fip.port_id ? 'server gone' : 'unattached'})`);
  }
  return found;
}
