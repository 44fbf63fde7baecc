// Checks of string formats: URLs (auth_url, endpoint overrides), IP addresses, CIDRs, hosts and
// API versions. Each returns a message when the value is wrong, undefined when it is fine.
// Exported for the language service too (Ansible options take the same kinds of values).
import ipaddr from 'ipaddr.js';
import type { ValueFormat } from '../keys';

const IPV4_LIKE = /^[0-9.]+$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

export function checkIp(value: string): string | undefined {
  if (IPV4_LIKE.test(value)) return ipaddr.IPv4.isValidFourPartDecimal(value) ? undefined : `${value} is not a valid IPv4 address`;
  return ipaddr.IPv6.isValid(value) ? undefined : `${value} is not a valid IP address`;
}

export function checkCidr(value: string): string | undefined {
  const [addr = '', bits, ...rest] = value.split('/');
  if (bits === undefined || rest.length || !/^\d{1,3}$/.test(bits)) return `${value} is not a CIDR (address/prefix-length)`;
  const ipError = checkIp(addr);
  if (ipError) return `${value}: ${ipError}`;
  const max = IPV4_LIKE.test(addr) ? 32 : 128;
  return Number(bits) <= max ? undefined : `${value}: the prefix length must be at most ${max}`;
}

export function checkHost(value: string): string | undefined {
  if (IPV4_LIKE.test(value) || value.includes(':')) return checkIp(value.replace(/^\[|\]$/g, ''));
  return HOSTNAME.test(value) ? undefined : `${value} is not a valid host name`;
}

/**
 * An http(s) URL with a valid host. `{name}` templates (expanded by openstacksdk, e.g.
 * `{region_name}`) are accepted wherever they stand.
 */
export function checkUrl(value: string): string | undefined {
  const plain = value.replace(/\{\{|\}\}/g, '').replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, 'x');
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([/?#].*)?$/.exec(plain);
  if (!m) return `${value} is not a URL: it needs a scheme, as in https://${value.replace(/^\/*/, '')}`;
  const [, scheme = '', host = '', port] = m;
  if (!/^https?$/i.test(scheme)) return `${value}: the scheme must be http or https, not ${scheme}`;
  if (!host) return `${value}: the URL has no host`;
  const hostError = checkHost(host);
  if (hostError) return `${value}: ${hostError}`;
  if (port !== undefined && (port === '' || Number(port) > 65535)) return `${value}: invalid port`;
  try {
    new URL(plain);
  } catch {
    return `${value} is not a valid URL`;
  }
  return undefined;
}

/** openstacksdk uses a version only when it is float-like (`3`, `2.1`, `v2` and `latest` are ignored, CFG-SVC-2). */
export function checkVersion(value: string | number): string | undefined {
  return /^\d+(\.\d+)?$/.test(String(value)) ? undefined : `${value} is not a version number: openstacksdk ignores it and discovers the version`;
}

export function checkFormat(format: ValueFormat, value: string | number): string | undefined {
  switch (format) {
    case 'url':
      return typeof value === 'string' ? checkUrl(value) : `${value} is not a URL`;
    case 'ip':
      return checkIp(String(value));
    case 'cidr':
      return checkCidr(String(value));
    case 'host':
      return checkHost(String(value));
    case 'version':
      return checkVersion(value);
    case 'path':
      return undefined;
  }
}
