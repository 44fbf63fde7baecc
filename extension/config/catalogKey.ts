// Which service catalog a cloud region gets: the same cloud entry, Keystone, project and user get
// the same catalog whatever the region. The explorer remembers the catalogs its tokens brought by
// this key; the validator asks with the key of the clouds it resolves from the text being edited,
// so a cloud whose auth_url or project was just changed is never judged by another catalog.
import type { CloudRegion } from './types';

const IDENTITY_OPTIONS = [
  'auth_url', 'project_id', 'project_name', 'project_domain_id', 'project_domain_name', 'domain_id', 'domain_name',
  'user_id', 'username', 'application_credential_id', 'application_credential_name', 'system_scope',
] as const;

export function catalogKey(region: Pick<CloudRegion, 'name' | 'config'>): string {
  const auth = region.config.auth ?? {};
  return JSON.stringify([region.name, ...IDENTITY_OPTIONS.map((k) => (typeof auth[k] === 'string' ? auth[k] : ''))]);
}
