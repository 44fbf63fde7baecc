// A Glance v2 on loopback (FakeCloud) for upload tests: create, PUT, show, PATCH and DELETE of
// images, each request logged in short ("POST <our hash properties>", "PUT", "GET", "PATCH <...>",
// "DELETE"). It stores what it receives, unless told to store other bytes (a broken backend).
import crypto from 'node:crypto';
import { Session } from '../../extension/openstack/session';
import { FakeCloud, json } from './fakeCloud';

export interface FakeGlanceOptions {
  /** The stored bytes differ from the received ones: checksum and os_hash_value say so. */
  storeOtherBytes?: boolean;
  /** Only os_hash_value (sha512) is of other bytes: the md5 `checksum` is of what it received. */
  otherSha512?: boolean;
  /** /v2/info/import (default: glance-direct only, so that URL uploads stream). */
  importMethods?: string[];
}

const hash = (algo: string, b: Buffer) => crypto.createHash(algo).update(b).digest('hex');
const ours = (keys: string[]) => keys.filter((k) => k.startsWith('owner_specified.openstack.')).sort().join(',');

export async function fakeGlance(options: FakeGlanceOptions = {}) {
  const cloud = await new FakeCloud().start();
  const images = new Map<string, Record<string, unknown>>();
  const log: string[] = [];
  let made = 0;
  const idOf = (path: string) => path.split('/')[4]!.split('?')[0]!;
  cloud.on('GET', /^\/image\/v2\/info\/import$/, (_q, res) => json(res, 200, { 'import-methods': { value: options.importMethods ?? ['glance-direct'] } }));
  cloud.on('GET', /^\/image\/v2\/images\?/, (_q, res) => json(res, 200, { images: [] }));
  cloud.on('POST', /^\/image\/v2\/images$/, (q, res) => {
    const id = `img${made++}`;
    const body = JSON.parse(q.body.toString()) as Record<string, unknown>;
    log.push(`POST ${ours(Object.keys(body))}`);
    images.set(id, { ...body, id, status: 'queued' });
    json(res, 201, images.get(id));
  });
  cloud.on('PUT', /^\/image\/v2\/images\/[^/]+\/file$/, (q, res) => {
    log.push('PUT');
    const stored = options.storeOtherBytes ? Buffer.concat([q.body, Buffer.from('!')]) : q.body;
    const sha512Of = options.otherSha512 ? Buffer.concat([q.body, Buffer.from('?')]) : stored;
    Object.assign(images.get(idOf(q.path))!, { status: 'active', size: stored.length, checksum: hash('md5', stored), os_hash_algo: 'sha512', os_hash_value: hash('sha512', sha512Of) });
    res.writeHead(204).end();
  });
  cloud.on('GET', /^\/image\/v2\/images\/[^/?]+$/, (q, res) => {
    log.push('GET');
    const image = images.get(idOf(q.path));
    if (image) json(res, 200, image);
    else json(res, 404, { message: 'no such image' });
  });
  cloud.on('PATCH', /^\/image\/v2\/images\/[^/]+$/, (q, res) => {
    const image = images.get(idOf(q.path))!;
    const ops = JSON.parse(q.body.toString()) as { path: string; value: string }[];
    log.push(`PATCH ${ours(ops.map((o) => o.path.slice(1)))}`);
    for (const op of ops) image[op.path.slice(1)] = op.value;
    json(res, 200, image);
  });
  cloud.on('DELETE', /^\/image\/v2\/images\//, (q, res) => { log.push('DELETE'); images.delete(idOf(q.path)); res.writeHead(204).end(); });
  const session = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }));
  return { images, log, session, stop: async () => { await session.close(); await cloud.stop(); } };
}
