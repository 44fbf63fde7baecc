// Which proxy a cloud's requests go through: VS Code's `http.proxy` (passed in) wins over the
// environment, read as Python's urllib and requests (so keystoneauth and openstacksdk) read it:
// http:// URLs use http_proxy, https:// URLs https_proxy (never http_proxy), each falling back to
// all_proxy; a lower-case variable wins over its upper-case one, and an empty lower-case one means
// none. NO_PROXY lists hosts to reach directly (bypassesProxy below).

import { BlockList, isIP } from 'node:net';

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

export function proxySettings(env: NodeJS.ProcessEnv = process.env, httpProxySetting?: string, noProxySetting?: string[]): ProxySettings | undefined {
  const explicit = httpProxySetting?.trim() || undefined;
  const all = proxyVariable(env, 'all_proxy');
  const httpProxy = explicit ?? proxyVariable(env, 'http_proxy') ?? all;
  const httpsProxy = explicit ?? proxyVariable(env, 'https_proxy') ?? all;
  // requests reads no_proxy as `no_proxy or NO_PROXY` (an empty lower-case one does not hide it).
  const fromEnv = [env.no_proxy, env.NO_PROXY].find((v) => v?.trim());
  const noProxy = [fromEnv, ...(noProxySetting ?? [])].filter(Boolean).join(',') || undefined;
  if (!httpProxy && !httpsProxy) return undefined;
  return { httpProxy, httpsProxy, noProxy };
}

/** urllib's getproxies_environment for one variable: lower case first, even when empty. */
function proxyVariable(env: NodeJS.ProcessEnv, lower: string): string | undefined {
  const value = env[lower] ?? env[lower.toUpperCase()];
  return value?.trim() || undefined;
}

/**
 * Whether NO_PROXY names this URL's host, as curl and Python's requests (keystoneauth,
 * openstacksdk) read it: entries split on commas or spaces; `*` alone means every host; a name
 * matches itself and its subdomains (`example.com`, `.example.com` and `*.example.com` alike); an
 * IP address matches itself or a CIDR block (`10.0.0.0/8`, `fd00::/8`), which undici's own
 * NO_PROXY reading does not know; `host:port` only for that port.
 */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const family = isIP(host);
  for (const raw of (noProxy ?? '').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (withPort && Number(withPort[2]) !== port) continue;
    const name = (withPort ? withPort[1]! : entry).replace(/^\[(.*)\]$/, '$1');
    if (family) {
      if (name === host || inBlock(host, family, name)) return true;
      continue;
    }
    const domain = name.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function inBlock(ip: string, family: number, cidr: string): boolean {
  const [base, bits, extra] = cidr.split('/');
  if (bits === undefined || extra !== undefined || !/^\d+$/.test(bits) || isIP(base!) !== family) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (Number(bits) > (family === 4 ? 32 : 128)) return false;
  const block = new BlockList();
  block.addSubnet(base!, Number(bits), type);
  return block.check(ip, type);
}
