// Which proxy a cloud's requests go through: VS Code's `http.proxy` (passed in) wins over the
// environment (HTTPS_PROXY / HTTP_PROXY, lower or upper case); NO_PROXY lists hosts to reach directly.

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
