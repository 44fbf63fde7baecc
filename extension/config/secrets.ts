// Which config values are secrets, and how they are hidden from logs, errors and output.

/** Keys whose values are secrets wherever they appear (in `auth`, at top level, in env form). */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password',
  'token',
  'auth_token',
  'application_credential_secret',
  'passcode',
  'client_secret',
  'access_token',
  'consumer_secret',
  'access_secret',
  'secret',
  'key_manager_secret',
]);

export const MASK = '***';

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.replace(/-/g, '_').toLowerCase());
}

/** A deep copy of a config value with every secret replaced by `***`. */
export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) && v !== null && v !== undefined && v !== '' ? MASK : maskSecrets(v);
    return out as T;
  }
  return value;
}

/**
 * Secrets shorter than this (TOTP codes, short passwords) are masked only where they stand as a
 * whole word: masking every "abc" inside other words would wreck the log and hide nothing.
 */
const WHOLE_WORD_BELOW = 8;
/** `scheme://user:password@` in free text: the user info goes, whoever wrote the URL. */
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/**
 * Hides known secret values and token-like fields in free text (a log line, an error body).
 * `knownSecrets` are the literal secrets of the loaded clouds; they are replaced wherever they occur
 * (short ones wherever they occur as a word of their own).
 */
export function redactText(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text.replace(URL_USER_INFO, `$1${MASK}@`);
  const longestFirst = [...new Set(knownSecrets)].filter(Boolean).sort((a, b) => b.length - a.length);
  for (const secret of longestFirst) {
    if (secret.length >= WHOLE_WORD_BELOW) out = out.split(secret).join(MASK);
    else out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(secret)}(?![\\p{L}\\p{N}_])`, 'gu'), MASK);
  }
  return out
    .replace(/("(?:password|secret|token|passcode|application_credential_secret)"\s*:\s*)"[^"]*"/gi, `$1"${MASK}"`)
    .replace(/(X-(?:Auth|Subject)-Token\s*[:=]\s*)\S+/gi, `$1${MASK}`)
    .replace(/\b((?:password|secret|token|passcode)\s*[:=]\s*)[^\s,;&"']+/gi, `$1${MASK}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
