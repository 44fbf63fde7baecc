// How a cloud's TLS settings verify the server, exactly as openstacksdk 0.101.0
// (CloudRegion.get_requests_verify_args) and then requests 2.28 (merge_environment_settings,
// HTTPAdapter.cert_verify) read `insecure`, `verify` and `cacert` (CFG-TLS-1):
//   insecure (bool, or the string "true" in any case) wins and turns verification off;
//   verify: false turns it off (cacert is then ignored, with a warning);
//   verify: null is requests' "default": the system CAs (cacert ignored too);
//   a truthy verify with cacert verifies with the cacert file (`~` expanded);
//   a string verify is the path of a CA bundle file or directory (not `~` expanded);
//   anything else verifies with the system CAs.
// So a quoted "yes" or "no" is a path, never a boolean: YAML 1.1's unquoted yes/no/on/off are
// booleans before they get here (extension/yaml resolves scalars as PyYAML does).
// One deliberate difference, on the safe side: requests turns verification off for any
// Python-false value (an empty string, an empty list or map); we turn it off only for `false`.

export type TlsVerification =
  | { verify: false; reason: 'insecure' | 'verify'; ignoredCacert?: string }
  | { verify: true; ca: 'system' }
  | { verify: true; ca: 'file'; path: string; from: 'cacert' | 'verify' };

/** openstacksdk's get_boolean (BOOL_KEYS coercion): true, or a string that is "true" in any case. */
export function sdkBoolean(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** os.path.expanduser for `~` and `~/...` (the forms clouds.yaml uses). */
export function expandUser(file: string, home: string | undefined): string {
  return home ? file.replace(/^~(?=\/|$)/, home) : file;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  return typeof value === 'number' ? String(value) : undefined;
}

/** What verifies the server of a cloud whose config (openstacksdk's CloudRegion.config) is given. */
export function tlsVerification(config: Readonly<Record<string, unknown>>, home?: string): TlsVerification {
  const verify = 'verify' in config && config.verify !== undefined ? config.verify : true;
  const cacert = text(config.cacert);
  if (sdkBoolean(config.insecure)) return { verify: false, reason: 'insecure', ...(cacert ? { ignoredCacert: cacert } : {}) };
  if (verify === false) return { verify: false, reason: 'verify', ...(cacert ? { ignoredCacert: cacert } : {}) };
  if (verify === null) return { verify: true, ca: 'system' };
  if (cacert) return { verify: true, ca: 'file', path: expandUser(cacert, home), from: 'cacert' };
  if (typeof verify === 'string' && verify !== '') return { verify: true, ca: 'file', path: verify, from: 'verify' };
  return { verify: true, ca: 'system' };
}

/** A short stable description (for logs, and for binding a stored secret to how its cloud is verified). */
export function describeVerification(v: TlsVerification): string {
  if (!v.verify) return 'off';
  return v.ca === 'system' ? 'system CAs' : `CA bundle ${v.path}`;
}

/** Words that YAML 1.1 reads as booleans: quoted, they are a path to openstacksdk (worth saying so). */
export function isYamlBooleanWord(value: string): boolean {
  return /^(?:yes|no|true|false|on|off)$/i.test(value);
}
