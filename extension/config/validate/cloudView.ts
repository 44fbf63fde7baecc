// The settings a cloud's keys are judged by. A cloud is what openstacksdk makes of it: its
// defaults, its vendor profile, clouds.yaml deep-merged with secure.yaml, and for region values
// that cloud with the values applied. Rules that depend on auth_type, identity_api_version or
// cacert read them here, never from the one file being validated (which may hold only half of
// the cloud); the problems still point at the keys of that file.
import { BUILTIN_PROFILES, profileUrlParts } from '../profiles';
import { SDK_DEFAULTS, baseCloudConfig, type SdkState } from '../openstackConfig';
import { IssueLog } from '../issues';
import { isDict, normalizeKeys, pyTruthy, type PyDict } from '../python';

/** A cloud's merged config, or undefined when it cannot be known (its remote profile is not fetched yet). */
export type CloudView = PyDict | undefined;

export interface CloudSettings {
  /** The auth plugin (`null` in YAML is openstacksdk's `none`); undefined when unknown. */
  authType: string | null | undefined;
  /** Identity v3: the version, an auth_url ending in /v3 or a v3 plugin says so. */
  v3: boolean;
  /** A CA bundle is set (V-11 when verification is off). */
  cacert: boolean;
}

export function settingsOf(view: CloudView): CloudSettings {
  if (!view) return { authType: undefined, v3: false, cacert: false };
  const config = normalizeKeys(view);
  const auth = isDict(config.auth) ? config.auth : {};
  const authType = 'auth_type' in config ? config.auth_type : undefined;
  const typeName = typeof authType === 'string' ? authType : authType === null ? null : undefined;
  const authUrl = typeof auth.auth_url === 'string' ? auth.auth_url : '';
  const version = String(config.identity_api_version ?? '');
  const v3 = version.startsWith('3') || /\/v3\/?$/.test(authUrl) || (typeName?.startsWith('v3') ?? false);
  return { authType: typeName, v3, cacert: pyTruthy(config.cacert) };
}

/** The cloud's config as `_get_base_cloud_config` builds it from the merged files; falls back to the merged entry alone. */
export function cloudViewOf(state: SdkState, name: string): CloudView {
  try {
    return baseCloudConfig(state, name, new IssueLog());
  } catch {
    // A profile that is not fetched (or failed): only what the files say explicitly is known.
    const entry = state.clouds[name];
    return isDict(entry) && setsAuthType(entry) ? entry : undefined;
  }
}

const setsAuthType = (d: PyDict) => 'auth_type' in d || 'auth-type' in d;

/** A region's config: its values over its cloud's, `auth` merged one level (as get_one does). */
export function withRegionValues(view: CloudView, values: PyDict): CloudView {
  if (!view) return setsAuthType(values) ? values : undefined;
  const out: PyDict = { ...view };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) continue;
    out[key] = key === 'auth' && isDict(value) && isDict(view.auth) ? { ...view.auth, ...value } : value;
  }
  return out;
}

/** A profile body of clouds-public.yaml, judged on its own: defaults, then a built-in profile it names. */
export function standaloneView(data: PyDict): CloudView {
  const name = data.profile ?? data.cloud;
  const profile = typeof name === 'string' && !profileUrlParts(name) ? BUILTIN_PROFILES[name] : undefined;
  const out: PyDict = { ...SDK_DEFAULTS, ...profile, ...data };
  if (isDict(profile?.auth) && isDict(data.auth)) out.auth = { ...profile.auth, ...data.auth };
  return out;
}
