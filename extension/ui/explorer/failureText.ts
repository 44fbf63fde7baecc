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
  label = label.replace(/\s+/g, ' ');
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}
