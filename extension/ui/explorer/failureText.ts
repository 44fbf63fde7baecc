// How a failure reads in the tree: short enough for a row ("image service: HTTP 503 Service
// Unavailable"), with the cloud, region, request and fault in the tooltip. Messages of
// OpenStackError never carry a secret (the client core scrubs them).
import { OpenStackError } from '../../openstack/index';

const MAX_LABEL = 140;

/** The failure without the "cloud/region: " prefix and the "(service METHOD url)" request part. */
export function failureSummary(e: unknown): string {
  if (!(e instanceof OpenStackError)) return e instanceof Error ? e.message : String(e);
  const where = e.region ? `${e.cloud}/${e.region}` : e.cloud;
  let text = e.message.startsWith(`${where}: `) ? e.message.slice(where.length + 2) : e.message;
  const request = [e.service, e.method, e.url].filter(Boolean).join(' ');
  if (request) text = text.replace(` (${request})`, '');
  return text;
}

/** One line for an error row: the service and the HTTP status first. */
export function failureLabel(e: unknown, service: string): string {
  let label: string;
  if (e instanceof OpenStackError && e.status) label = `${e.service ?? service} service: HTTP ${e.status}${e.fault ? ` ${e.fault}` : ''}`;
  else if (e instanceof OpenStackError) label = `${e.service ?? service} service: ${failureSummary(e)}`;
  else label = `${service} service: ${failureSummary(e)}`;
  return clip(label);
}

/**
 * What went wrong in the user's words, for the row's text: what the status means and what to do.
 * The server's own words go to the tooltip and the log (failureDetails), never here alone.
 */
export function failureExplanation(e: unknown, service: string): string {
  if (!(e instanceof OpenStackError)) return failureLabel(e, service);
  const svc = e.service ?? service;
  const status = e.status ? ` (HTTP ${e.status})` : '';
  switch (e.kind) {
    case 'auth': return `Credentials refused by the identity service${status}: enter them again or fix clouds.yaml`;
    case 'timeout': return `The ${svc} service did not answer in time: Retry`;
    case 'network': return `Cannot reach the ${svc} service: check auth_url, the network and the proxy`;
    case 'config': return clip(failureSummary(e));
    default: break;
  }
  if (e.status === 401) return `The ${svc} service refused the token${status}: Retry to log in again`;
  if (e.status === 403) return `Not allowed: this project's role may not use the ${svc} service${status}`;
  if (e.status === 404) return `The ${svc} service has no such resource or endpoint${status}`;
  if (e.status === 429) return `The ${svc} service asks to slow down${status}: Retry later`;
  if (e.status && e.status >= 500) return `The ${svc} service failed${status}: Retry later`;
  return failureLabel(e, service);
}

/** The full record of a failure for the log: cloud, service, request, status, request id, server message. */
export function failureDetails(e: unknown, service: string): string {
  if (!(e instanceof OpenStackError)) return `${service} service: ${e instanceof Error ? e.message : String(e)}`;
  const parts = [
    `cloud ${e.region ? `${e.cloud}/${e.region}` : e.cloud}`,
    `service ${e.service ?? service}`,
    e.method && e.url ? `request ${e.method} ${e.url}` : undefined,
    e.status ? `status ${e.status}` : `failure ${e.kind}`,
    e.requestId ? `request id ${e.requestId}` : undefined,
    e.fault ? `server says: ${e.fault}` : undefined,
  ];
  return `${failureSummary(e)} — ${parts.filter(Boolean).join('; ')}`;
}

/**
 * The clouds.yaml key that most likely causes a failure (for "Open in clouds.yaml"): the secret
 * for refused credentials, auth_url when identity cannot be reached, else the cloud itself.
 */
export function offendingKey(e: unknown): readonly string[] {
  if (!(e instanceof OpenStackError)) return [];
  if (e.kind === 'auth') return e.message.includes('application credential') ? ['auth', 'application_credential_secret'] : ['auth', 'password'];
  if (/\bendpoint\b/.test(e.message) && e.kind === 'config') return ['region_name'];
  if (/\bauth_url\b/.test(e.message) || (e.service === 'identity' && (e.kind === 'network' || e.kind === 'timeout'))) return ['auth', 'auth_url'];
  if (/certificate|self.signed|TLS|SSL/i.test(e.message)) return ['cacert'];
  return [];
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_LABEL ? `${line.slice(0, MAX_LABEL - 1)}…` : line;
}
