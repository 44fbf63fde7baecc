// Token request bodies for Keystone v3 (§2.2) and v2.0 (§2.3), per auth_type.

export type IdentityVersion = 'v3' | 'v2.0';

export interface Credentials {
  password?: string;
  passcode?: string;
}

type Auth = Record<string, unknown>;

const s = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));

/** Auth types whose token can be renewed without asking the user (not token-only plugins). */
export function canReauthenticate(authType: string): boolean {
  return !['token', 'v3token', 'v2token', 'admin_token', 'token_endpoint'].includes(authType);
}

export function needsPassword(authType: string, auth: Auth): boolean {
  return multifactorMethods(authType, auth).includes('password') && !s(auth.password);
}

export function needsPasscode(authType: string, auth: Auth): boolean {
  return multifactorMethods(authType, auth).includes('totp') && !s(auth.passcode);
}

function multifactorMethods(authType: string, auth: Auth): string[] {
  if (authType === 'v3totp') return ['totp'];
  if (authType !== 'v3multifactor') return ['password', 'v3password', 'v2password'].includes(authType) ? ['password'] : [];
  const list = Array.isArray(auth.auth_methods) ? auth.auth_methods : String(auth.auth_methods ?? '').split(',');
  return list.map((m) => String(m).trim().replace(/^v3/, ''));
}

function domainRef(id: unknown, name: unknown): Record<string, string> | undefined {
  if (s(id)) return { id: String(id) };
  if (s(name)) return { name: String(name) };
  return undefined;
}

function v3User(auth: Auth, extra: Record<string, unknown>): Record<string, unknown> {
  if (s(auth.user_id)) return { id: s(auth.user_id), ...extra };
  const domain = domainRef(auth.user_domain_id ?? auth.default_domain_id, auth.user_domain_name ?? auth.default_domain_name);
  return { name: s(auth.username), ...(domain ? { domain } : {}), ...extra };
}

function v3Scope(auth: Auth): Record<string, unknown> | undefined {
  const projectId = s(auth.project_id ?? auth.tenant_id);
  const projectName = s(auth.project_name ?? auth.tenant_name);
  if (projectId) return { project: { id: projectId } };
  if (projectName) {
    const domain = domainRef(auth.project_domain_id ?? auth.default_domain_id, auth.project_domain_name ?? auth.default_domain_name);
    return { project: { name: projectName, ...(domain ? { domain } : {}) } };
  }
  const domain = domainRef(auth.domain_id, auth.domain_name);
  if (domain) return { domain };
  if (s(auth.system_scope)) return { system: { all: true } };
  if (s(auth.trust_id)) return { 'OS-TRUST:trust': { id: s(auth.trust_id) } };
  return undefined;
}

export function v3TokenRequest(authType: string, auth: Auth, creds: Credentials): unknown {
  if (authType === 'v3applicationcredential') {
    const secret = s(auth.application_credential_secret);
    const credential = s(auth.application_credential_id)
      ? { id: s(auth.application_credential_id), secret }
      : { name: s(auth.application_credential_name), secret, user: v3User(auth, {}) };
    return { auth: { identity: { methods: ['application_credential'], application_credential: credential } } };
  }
  const identity: Record<string, unknown> = { methods: [] as string[] };
  const methods = identity.methods as string[];
  if (['token', 'v3token'].includes(authType)) {
    methods.push('token');
    identity.token = { id: s(auth.token) };
  } else {
    for (const method of multifactorMethods(authType, auth)) {
      if (method === 'password') {
        methods.push('password');
        identity.password = { user: v3User(auth, { password: creds.password ?? s(auth.password) }) };
      } else if (method === 'totp') {
        methods.push('totp');
        identity.totp = { user: v3User(auth, { passcode: creds.passcode ?? s(auth.passcode) }) };
      }
    }
  }
  const scope = v3Scope(auth);
  return { auth: { identity, ...(scope ? { scope } : {}) } };
}

export function v2TokenRequest(authType: string, auth: Auth, creds: Credentials): unknown {
  const tenant = s(auth.project_id ?? auth.tenant_id)
    ? { tenantId: s(auth.project_id ?? auth.tenant_id) }
    : s(auth.project_name ?? auth.tenant_name) ? { tenantName: s(auth.project_name ?? auth.tenant_name) } : {};
  if (['token', 'v2token'].includes(authType)) return { auth: { token: { id: s(auth.token) }, ...tenant } };
  return { auth: { passwordCredentials: { username: s(auth.username), password: creds.password ?? s(auth.password) }, ...tenant } };
}

/** Any domain option set: v3 is then the only version that can use it (CFG-AUTH-6). */
export function hasDomainOption(auth: Auth): boolean {
  return Object.keys(auth).some((k) => /(^|_)domain_(id|name)$/.test(k) && s(auth[k]) !== undefined);
}

/** The version an auth_type pins, if any. */
export function pinnedVersion(authType: string): IdentityVersion | undefined {
  if (authType.startsWith('v3')) return 'v3';
  if (authType.startsWith('v2')) return 'v2.0';
  return undefined;
}
