// Version discovery on an unversioned endpoint (`GET /` answers 300 with the versions it offers),
// as keystoneauth does for identity, image and network (§2.1, KS-EP-4).

export interface ApiVersion {
  id: string;
  major: number;
  minor: number;
  status: string;
  url?: string;
}

/** Parses keystone's `{versions: {values: [...]}}`, glance/neutron's `{versions: [...]}` or `{version: {...}}`. */
export function parseVersions(body: unknown): ApiVersion[] {
  const b = body as { versions?: unknown; version?: unknown };
  const raw: unknown[] = Array.isArray(b?.versions)
    ? b.versions
    : Array.isArray((b?.versions as { values?: unknown[] })?.values)
      ? (b.versions as { values: unknown[] }).values
      : b?.version ? [b.version] : [];
  return raw.flatMap((v) => {
    const entry = v as { id?: string; status?: string; links?: { rel?: string; href?: string }[] };
    const m = /^v?(\d+)(?:\.(\d+))?/.exec(entry.id ?? '');
    if (!m) return [];
    const url = entry.links?.find((l) => l.rel === 'self')?.href;
    return [{ id: entry.id!, major: Number(m[1]), minor: Number(m[2] ?? 0), status: (entry.status ?? '').toLowerCase(), url }];
  });
}

/** The newest usable version with the wanted major (any major when none is wanted). */
export function pickVersion(versions: ApiVersion[], wantedMajor?: number): ApiVersion | undefined {
  return versions
    .filter((v) => v.status !== 'experimental' && (wantedMajor === undefined || v.major === wantedMajor))
    .sort((a, b) => b.major - a.major || b.minor - a.minor)[0];
}

/** `/v3`, `/v2.0`, `/v2.1/<project>`, `/v1/AUTH_x`: the catalog URL already names a version. */
export function hasVersionInPath(url: string): boolean {
  try {
    return /\/v\d+(\.\d+)?(\/|$)/.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

export function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}
