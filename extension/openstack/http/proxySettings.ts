// Which proxy a cloud's requests go through: VS Code's `http.proxy` (passed in) wins over the
// environment (HTTPS_PROXY / HTTP_PROXY, lower or upper case); NO_PROXY lists hosts to reach directly.

import { BlockList, isIP } from 'node:net';

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

export function proxySettings(env: NodeJS.ProcessEnv = process.env, httpProxySetting?: string, noProxySetting?: string[]): ProxySettings | undefined {
  const pick = (...names: string[]) => names.map((n) => env[n]).find((v) => v && v.trim());
  const explicit = httpProxySetting?.trim() || undefined;
  const httpProxy = explicit ?? pick('http_proxy', 'HTTP_PROXY');
  const httpsProxy = explicit ?? pick('https_proxy', 'HTTPS_PROXY') ?? httpProxy;
  const noProxy = [pick('no_proxy', 'NO_PROXY'), ...(noProxySetting ?? [])].filter(Boolean).join(',') || undefined;
  if (!httpProxy && !httpsProxy) return undefined;
  return { httpProxy, httpsProxy, noProxy };
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
