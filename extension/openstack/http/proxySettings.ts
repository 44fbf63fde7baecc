// Which proxy a cloud's requests go through: VS Code's `http.proxy` (passed in) wins over the
// environment, read as Python's urllib and requests (so keystoneauth and openstacksdk) read it:
// http:// URLs use http_proxy, https:// URLs https_proxy (never http_proxy), each falling back to
// all_proxy; a lower-case variable wins over its upper-case one, and an empty lower-case one means
// none. NO_PROXY lists hosts to reach directly (noProxyMatcher below).

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

interface NoProxyEntry {
  /** Only for this port; undefined: any. */
  port?: number;
  /** A host name (without a leading `.` or `*.`) or an IP address. */
  name: string;
  /** For a CIDR entry: its block and address family. */
  block?: { list: BlockList; family: number };
}

/**
 * NO_PROXY, parsed once, as a test of a URL's host, read as curl and Python's requests
 * (keystoneauth, openstacksdk) read it: entries split on commas or spaces; `*` alone means every
 * host; a name matches itself and its subdomains (`example.com`, `.example.com` and
 * `*.example.com` alike); an IP address matches itself or a CIDR block (`10.0.0.0/8`,
 * `fd00::/8`), which undici's own NO_PROXY reading does not know; `host:port` only for that port.
 */
export function noProxyMatcher(noProxy: string | undefined): (url: URL) => boolean {
  const entries = (noProxy ?? '').split(/[\s,]+/).map((e) => e.trim().toLowerCase()).filter(Boolean);
  if (entries.includes('*')) return () => true;
  const parsed = entries.map(parseEntry);
  return (url) => {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const family = isIP(host);
    return parsed.some((entry) => {
      if (entry.port !== undefined && entry.port !== port) return false;
      if (family) return entry.name === host || (entry.block?.family === family && entry.block.list.check(host, family === 4 ? 'ipv4' : 'ipv6'));
      return host === entry.name || host.endsWith(`.${entry.name}`);
    });
  };
}

function parseEntry(entry: string): NoProxyEntry {
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
  const name = (withPort ? withPort[1]! : entry).replace(/^\[(.*)\]$/, '$1').replace(/^\*?\./, '');
  return { port: withPort ? Number(withPort[2]) : undefined, name, block: cidrBlock(name) };
}

function cidrBlock(cidr: string): NoProxyEntry['block'] {
  const [base, bits, extra] = cidr.split('/');
  const family = isIP(base ?? '');
  if (!family || bits === undefined || extra !== undefined || !/^\d+$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128)) return undefined;
  const list = new BlockList();
  list.addSubnet(base!, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
  return { list, family };
}
