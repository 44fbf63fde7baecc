// undici, loaded part by part. Its index module installs a process-wide global dispatcher when it
// loads (Symbol.for('undici.globalDispatcher.1')), which VS Code's own fetch and other extensions
// in the same extension host would then use. We only take the dispatcher classes and the request
// API, so nothing global changes; a unit test checks that.
import type { Dispatcher, Agent as AgentType, Client as ClientType, EnvHttpProxyAgent as EnvHttpProxyAgentType, Pool as PoolType } from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
const AgentClass: typeof AgentType = require('undici/lib/dispatcher/agent');
const EnvHttpProxyAgentClass: typeof EnvHttpProxyAgentType = require('undici/lib/dispatcher/env-http-proxy-agent');
const ClientClass: typeof ClientType = require('undici/lib/dispatcher/client');
const PoolClass: typeof PoolType = require('undici/lib/dispatcher/pool');
const DispatcherClass: { prototype: object } = require('undici/lib/dispatcher/dispatcher');
const api: Record<string, unknown> = require('undici/lib/api');
const requestApi = api.request as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

// What undici's index does to its own Dispatcher class (ProxyAgent needs `connect` for its
// CONNECT tunnel), without the global dispatcher it also installs. Only this bundled copy of
// undici is touched.
if (!('connect' in DispatcherClass.prototype)) Object.assign(DispatcherClass.prototype, api);

export type { Dispatcher };
export const Agent = AgentClass;

/** What every connection a proxy agent opens must keep of ours (undici's own defaults: 300 s). */
type ConnectionLimits = Pick<AgentType.Options, 'headersTimeout' | 'bodyTimeout' | 'connections' | 'keepAliveTimeout'>;

/**
 * The environment's proxy as curl and Python's requests (so keystoneauth and openstacksdk) use
 * it: a plain-HTTP target is asked of the proxy in absolute form (`GET http://host/path`), not
 * through a CONNECT tunnel, which proxies such as Squid refuse by default for any port but 443;
 * HTTPS goes through a CONNECT tunnel. undici opens the connections to the proxy (the tunnel's
 * CONNECT, the absolute-form requests) with only a connector, so their timeouts would be its
 * 300 s defaults: the factories give them ours.
 */
export function envProxyAgent(options: EnvHttpProxyAgentType.Options & ConnectionLimits): Dispatcher {
  const { headersTimeout, bodyTimeout, connections, keepAliveTimeout } = options;
  const ours = Object.fromEntries(Object.entries({ headersTimeout, bodyTimeout, connections, keepAliveTimeout }).filter(([, v]) => v !== undefined));
  const factory = (origin: string | URL, opts: AgentType.Options): Dispatcher =>
    opts.connections === 1 ? new ClientClass(origin, { ...ours, ...opts }) : new PoolClass(origin, { ...ours, ...opts });
  return new EnvHttpProxyAgentClass({ ...options, proxyTunnel: false, factory, clientFactory: factory } as EnvHttpProxyAgentType.Options);
}

/** `dispatcher.request(options)` without undici's index (which would set the global dispatcher). */
export function dispatch(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestApi.call(dispatcher, options);
}
