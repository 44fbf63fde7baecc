// Retry uses what the user fixed. A failed upload, boot or list keeps only the names of its
// targets (cloud and region); at Retry they are looked up again among the clouds resolved from
// the files as they are now (and the secrets given since), never the CloudRegion objects the
// failed run held: those carry the old clouds.yaml/secure.yaml values (a wrong password gave the
// same 401 again). No `vscode` here: this is unit-tested.
import type { CloudRegion, LoadedConfig } from '../../config/index';
import { regionLabel } from '../explorer/explorerModel';

type RegionName = Pick<CloudRegion, 'name' | 'region_name'>;

/** The failed targets among the regions resolved now; `gone` names those no longer usable. */
export function regionsNow(failed: readonly RegionName[], current: readonly CloudRegion[]): { targets: CloudRegion[]; gone: string[] } {
  const targets: CloudRegion[] = [];
  const gone: string[] = [];
  for (const f of failed) {
    const now = current.find((r) => r.name === f.name && r.region_name === f.region_name);
    if (now) targets.push(now);
    else gone.push(regionLabel(f));
  }
  return { targets, gone };
}

/** True when both loads read the same files with the same text (nothing to resolve again). */
export function sameConfigFiles(a: LoadedConfig, b: LoadedConfig): boolean {
  const files = (c: LoadedConfig) => JSON.stringify(Object.entries(c.files).map(([kind, f]) => [kind, f?.path, f?.text]).sort());
  return files(a) === files(b) && a.consulted.join('\n') === b.consulted.join('\n');
}
