// Which cloud regions a command acts on: `--cloud NAME` is the cloud's first region (as
// openstacksdk's get_one), `--cloud NAME/REGION` a given one, `--cloud NAME/*` every region.
import type { CloudRegion } from '../openstack/cloudRegion';

export function selectTargets(all: CloudRegion[], wanted: string[]): { targets: CloudRegion[]; unknown: string[] } {
  const targets: CloudRegion[] = [];
  const unknown: string[] = [];
  for (const spec of wanted) {
    const slash = spec.lastIndexOf('/');
    const [cloud, region] = slash > 0 && !all.some((r) => r.name === spec) ? [spec.slice(0, slash), spec.slice(slash + 1)] : [spec, undefined];
    const ofCloud = all.filter((r) => r.name === cloud);
    const chosen = region === '*' ? ofCloud : region !== undefined ? ofCloud.filter((r) => r.region_name === region) : ofCloud.slice(0, 1);
    if (chosen.length === 0) unknown.push(spec);
    for (const r of chosen) if (!targets.includes(r)) targets.push(r);
  }
  return { targets, unknown };
}

export function targetLabel(r: CloudRegion): string {
  return r.region_name ? `${r.name}/${r.region_name}` : r.name;
}
