// A clouds.yaml from a workspace (or any folder that is not the user's own OpenStack config
// directory) cannot borrow the user's secure.yaml: when it names a cloud of the user's secure.yaml
// but points it at another auth_url than the user's own files do, that cloud's secure.yaml entry is
// not merged, and a located warning says why. openstacksdk merges it silently (CFG-DISC-5); this
// is a deliberate difference (README.md). A cloud the user allowed (the UI's "Use Anyway", after
// seeing both URLs) is merged as openstacksdk would.
import { deref, getEntry, mapEntries } from '../yaml/positionedYaml';
import type { Problem } from '../yaml/problem';
import { copyDict, isDict, type PyDict } from './python';
import type { SourceFile } from './sourceFile';

export interface SecureSharing {
  /** The clouds file in use is not in one of the user's own config directories. */
  cloudsIsForeign: boolean;
  /** The secure file in use is the user's (not in the workspace folder). */
  secureIsOwn: boolean;
  /** The user's own clouds file (first one discovery finds outside the workspace), for its auth_urls. */
  ownClouds?: SourceFile;
  /** Clouds whose secure.yaml entry the user chose to share anyway. */
  allow?: readonly string[];
}

export interface WithheldSecrets {
  cloud: string;
  /** The auth_url the user's own files give this cloud. */
  ownAuthUrl: string;
  /** The auth_url the foreign clouds file gives it ('' when it gives none). */
  foreignAuthUrl: string;
  cloudsFile: string;
  secureFile: string;
}

function cloudsOf(data: unknown): PyDict {
  return isDict(data) && isDict(data.clouds) ? data.clouds : {};
}

function authUrlOf(entry: unknown): string | undefined {
  const url = isDict(entry) && isDict(entry.auth) ? entry.auth.auth_url : undefined;
  return typeof url === 'string' && url ? url : undefined;
}

/** Same endpoint: scheme and host case-insensitive, trailing slashes ignored. */
function sameEndpoint(a: string, b: string): boolean {
  const norm = (u: string) => {
    const t = u.trim().replace(/\/+$/, '');
    try {
      const parsed = new URL(t);
      return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
    } catch {
      return t;
    }
  };
  return norm(a) === norm(b);
}

function nameRange(file: SourceFile, cloud: string): Problem['range'] | undefined {
  const clouds = deref(getEntry(file.yaml.documents[0]?.root ?? undefined, 'clouds')?.value);
  const entry = clouds?.kind === 'map' ? mapEntries(clouds).find((e) => e.key === cloud) : undefined;
  if (!entry) return undefined;
  const body = deref(entry.value);
  const auth = body?.kind === 'map' ? deref(getEntry(body, 'auth')?.value) : undefined;
  const at = auth?.kind === 'map' ? getEntry(auth, 'auth_url')?.keyNode : undefined;
  const node = at ?? entry.keyNode;
  return file.yaml.lines.range(node.start, node.end);
}

/** The secure file's data with the entries a foreign clouds file may not borrow taken out. */
export function withholdSecure(cloudsFile: SourceFile | undefined, secureFile: SourceFile, sharing: SecureSharing | undefined): { secureData: unknown; withheld: WithheldSecrets[]; problems: Problem[] } {
  const unchanged = { secureData: secureFile.data, withheld: [], problems: [] };
  if (!cloudsFile || !sharing?.cloudsIsForeign || !sharing.secureIsOwn || !isDict(secureFile.data)) return unchanged;
  const foreign = cloudsOf(cloudsFile.data);
  const secure = cloudsOf(secureFile.data);
  const own = cloudsOf(sharing.ownClouds?.data);
  const withheld: WithheldSecrets[] = [];
  for (const cloud of Object.keys(secure)) {
    if (!(cloud in foreign) || sharing.allow?.includes(cloud)) continue;
    const ownAuthUrl = authUrlOf(secure[cloud]) ?? authUrlOf(own[cloud]);
    if (ownAuthUrl === undefined) continue; // nothing of the user's says where it belongs: the usual project-file + secure.yaml set-up
    const foreignAuthUrl = authUrlOf(foreign[cloud]) ?? '';
    if (!sameEndpoint(ownAuthUrl, foreignAuthUrl)) withheld.push({ cloud, ownAuthUrl, foreignAuthUrl, cloudsFile: cloudsFile.path, secureFile: secureFile.path });
  }
  if (withheld.length === 0) return unchanged;
  const clouds = copyDict(secure);
  for (const w of withheld) delete clouds[w.cloud];
  const problems = withheld.map((w): Problem => ({
    file: cloudsFile.path,
    range: nameRange(cloudsFile, w.cloud) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'warning',
    code: 'secure-not-shared',
    message: `${w.cloud}: ${w.secureFile} was not used for this cloud: ${cloudsFile.path} points it at ${w.foreignAuthUrl || 'no auth_url'}, your own configuration at ${w.ownAuthUrl}; a clouds.yaml you did not write could otherwise receive your secrets (openstacksdk would merge them)`,
    data: { cloud: w.cloud, ownAuthUrl: w.ownAuthUrl, foreignAuthUrl: w.foreignAuthUrl, secureFile: w.secureFile },
  }));
  return { secureData: { ...secureFile.data, clouds }, withheld, problems };
}
