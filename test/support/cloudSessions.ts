// The real local OpenStack for integration tests: its clouds.yaml comes from the `cloud` stage in
// OPENSTACK_TEST_CLOUDS_YAML (no such variable = the stage was not set up: fail loudly, never skip).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCloudRegions } from '../../extension/cli/cloudRegions';
import type { CloudRegion } from '../../extension/openstack/cloudRegion';
import { Session, type SessionOptions } from '../../extension/openstack/session';
import { collect } from '../../extension/openstack/services/paging';
import { listImages, deleteImage } from '../../extension/openstack/services/image';
import { listServers } from '../../extension/openstack/services/compute';
import { listFloatingIps } from '../../extension/openstack/services/network';
import { deleteServerAndIps } from '../../extension/openstack/compute/deleteServer';

export interface TestCloudManifest {
  cloudsYaml: string;
  imageFiles: Record<string, string>;
  externalNetwork: string;
  flavors: string[];
  clouds: Record<string, { project: string; projectId: string; regions: string[]; privateNetwork: string; image: string; imageFormat: string }>;
}

export const CLOUDS = ['local-password', 'local-appcred', 'local-tasks'] as const;

export function cloudsYamlPath(): string {
  const file = process.env.OPENSTACK_TEST_CLOUDS_YAML;
  if (!file) throw new Error('OPENSTACK_TEST_CLOUDS_YAML is not set: run the integration tests through `node test/run.mjs cloud` (it starts the local OpenStack with test/cloud/up)');
  if (!fs.existsSync(file)) throw new Error(`OPENSTACK_TEST_CLOUDS_YAML=${file} does not exist`);
  return file;
}

export function manifest(): TestCloudManifest {
  return JSON.parse(fs.readFileSync(path.join(path.dirname(cloudsYamlPath()), 'test-cloud.json'), 'utf8'));
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
