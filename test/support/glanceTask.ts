// The Glance v2 task import that upstream Glance Zed does run (see test/cloud/README.md):
// the file in Swift, readable through a temporary URL, and a task whose input names the
// format, the disk/container format and the owner. The object upload, the container key
// and the token go through python-openstackclient; OSC 6 has no task command, so the task
// itself is a plain REST call, as curl would make it.
import crypto from 'node:crypto';
import { osc, oscJson } from './osc';

interface CatalogEntry { endpoints: { interface: string; region: string; url: string }[] }
interface Task { id: string; status: string; message: string; result: { image_id?: string } | null }

export interface TaskImport { imageId: string; task: Task }

function endpoint(entry: CatalogEntry, region: string): string {
  const e = entry.endpoints.find((x) => x.interface === 'public' && x.region === region);
  if (!e) throw new Error(`no public endpoint in ${region}`);
  return e.url.replace(/\/$/, '');
}

/** A Swift temporary URL (HMAC-SHA256) for GET of one object. */
export function tempUrl(objectUrl: string, key: string, seconds = 3600): string {
  const url = new URL(objectUrl);
  const expires = Math.floor(Date.now() / 1000) + seconds;
  const sig = crypto.createHmac('sha256', key).update(`GET\n${expires}\n${url.pathname}`).digest('hex');
  return `${objectUrl}?temp_url_sig=${sig}&temp_url_expires=${expires}`;
}

export async function importByTask(cloudsYaml: string, cloud: string, opts: {
  file: string; name: string; container: string; diskFormat: string; region?: string; timeoutS?: number;
}): Promise<TaskImport> {
  const region = opts.region ?? 'RegionOne';
  const object = `${opts.name}.${opts.diskFormat}`;
  await osc(cloudsYaml, cloud, ['object', 'create', '--name', object, opts.container, opts.file]);
  try {
    const key = crypto.randomBytes(16).toString('hex');
    await osc(cloudsYaml, cloud, ['container', 'set', '--property', `Temp-URL-Key=${key}`, opts.container]);
    const token = await oscJson<{ id: string; project_id: string }>(cloudsYaml, cloud, ['token', 'issue']);
    const swift = endpoint(await oscJson<CatalogEntry>(cloudsYaml, cloud, ['catalog', 'show', 'object-store']), region);
    const glance = endpoint(await oscJson<CatalogEntry>(cloudsYaml, cloud, ['catalog', 'show', 'image']), region);
    const headers = { 'X-Auth-Token': token.id, 'Content-Type': 'application/json' };
    const created = await fetch(`${glance}/v2/tasks`, {
      method: 'POST', headers,
      body: JSON.stringify({
        type: 'import',
        input: {
          import_from: tempUrl(`${swift}/${opts.container}/${encodeURIComponent(object)}`, key),
          import_from_format: opts.diskFormat,
          // without owner, Glance Zed's executor makes an ownerless image it may not then
          // update, and the task fails for anyone but an admin
          image_properties: { name: opts.name, disk_format: opts.diskFormat, container_format: 'bare', owner: token.project_id },
        },
      }),
    });
    if (created.status !== 201) throw new Error(`POST /v2/tasks answered ${created.status}: ${await created.text()}`);
    let task = (await created.json()) as Task;
    const deadline = Date.now() + (opts.timeoutS ?? 120) * 1000;
    while (task.status !== 'success' && task.status !== 'failure') {
      if (Date.now() > deadline) throw new Error(`task ${task.id} still ${task.status}`);
      await new Promise((r) => setTimeout(r, 500));
      task = (await (await fetch(`${glance}/v2/tasks/${task.id}`, { headers })).json()) as Task;
    }
    if (task.status !== 'success' || !task.result?.image_id) throw new Error(`task ${task.id} failed: ${task.message}`);
    return { imageId: task.result.image_id, task };
  } finally {
    await osc(cloudsYaml, cloud, ['object', 'delete', opts.container, object]);
  }
}
