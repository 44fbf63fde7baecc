// undici, loaded part by part. Its index module installs a process-wide global dispatcher when it
// loads (Symbol.for('undici.globalDispatcher.1')), which VS Code's own fetch and other extensions
// in the same extension host would then use. We only take the dispatcher classes and the request
// API, so nothing global changes; a unit test checks that.
import type { Dispatcher, Agent as AgentType, EnvHttpProxyAgent as EnvHttpProxyAgentType } from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
const AgentClass: typeof AgentType = require('undici/lib/dispatcher/agent');
const EnvHttpProxyAgentClass: typeof EnvHttpProxyAgentType = require('undici/lib/dispatcher/env-http-proxy-agent');
const DispatcherClass: { prototype: object } = require('undici/lib/dispatcher/dispatcher');
const api: Record<string, unknown> = require('undici/lib/api');
const requestApi = api.request as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

// What undici's index does to its own Dispatcher class (ProxyAgent needs `connect` for its
// CONNECT tunnel), without the global dispatcher it also installs. Only this bundled copy of
// undici is touched.
if (!('connect' in DispatcherClass.prototype)) Object.assign(DispatcherClass.prototype, api);

export type { Dispatcher };
export const Agent = AgentClass;
export const EnvHttpProxyAgent = EnvHttpProxyAgentClass;

/** `dispatcher.request(options)` without undici's index (which would set the global dispatcher). */
export function dispatch(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestApi.call(dispatcher, options);
}
