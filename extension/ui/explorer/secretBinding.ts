// What a secret kept in SecretStorage is bound to: the cloud's name, the auth option, auth_url,
// the user, and how the cloud's server is verified (verify/cacert/insecure). A clouds.yaml that
// reuses the name for another endpoint, another user, or the same endpoint with verification
// turned off or another CA bundle never receives it: its storage key differs. Pure (no vscode).
import crypto from 'node:crypto';
import os from 'node:os';
import { describeVerification, tlsVerification, type CloudRegion } from '../../config/index';

/** What globalState keeps about a stored secret: where it belongs, never its value. */
export interface StoredSecret {
  storageKey: string;
  cloud: string;
  key: string;
  authUrl: string;
  user: string;
  /** How the server was verified when it was stored ('system CAs', 'CA bundle <path>', 'off'). */
  tls?: string;
}

/** The usual verification: secrets stored before the binding included TLS keep their key with it. */
const DEFAULT_TLS = 'system CAs';

export function secretIdentity(region: CloudRegion, key: string, home = os.homedir()): StoredSecret {
  const auth = (region.config.auth ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const authUrl = text(auth.auth_url);
  const user = text(auth.username ?? auth.user_id ?? auth.application_credential_id ?? auth.application_credential_name);
  const tls = describeVerification(tlsVerification(region.config, home));
  const bound = tls === DEFAULT_TLS ? [region.name, key, authUrl, user] : [region.name, key, authUrl, user, tls];
  const digest = crypto.createHash('sha256').update(JSON.stringify(bound)).digest('hex').slice(0, 32);
  return { storageKey: `openstack.secret.${digest}`, cloud: region.name, key, authUrl, user, tls };
}
