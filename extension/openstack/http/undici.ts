// undici, loaded part by part. Its index module installs a process-wide global dispatcher when it
// loads (Symbol.for('undici.globalDispatcher.1')), which VS Code's own fetch and other extensions
// in the same extension host would then use. We only take the dispatcher classes and the request
// API, so nothing global changes; a unit test checks that.
import type { Dispatcher, buildConnector as BuildConnectorType, Agent as AgentType, Client as ClientType, EnvHttpProxyAgent as EnvHttpProxyAgentType, Pool as PoolType } from 'undici';

import { noProxyMatcher } from './proxySettings';
import type { TlsContextOptions } from './tls';

type ConnectorType = BuildConnectorType.connector;

/** The parts of undici we use; loaded on first use. */
interface Undici {
  Agent: typeof AgentType;
  EnvHttpProxyAgent: typeof EnvHttpProxyAgentType;
  Client: typeof ClientType;
  Pool: typeof PoolType;
  ProxyRouter: ProxyRouterClass;
  request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
  buildConnector: (options: Record<string, unknown>) => ConnectorType;
}

let loaded: Undici | undefined;

/**
 * undici on first use, not when this module loads: its modules (with http2, sqlite and assert
 * behind them) took ~20 ms of every CLI start, and `fetch` without a proxy, `--help` and the
 * extension's activation never need them.
 */
function undici(): Undici {
  if (loaded) return loaded;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const DispatcherClass: { prototype: object } = require('undici/lib/dispatcher/dispatcher');
  const api: Record<string, unknown> = require('undici/lib/api');
  // What undici's index does to its own Dispatcher class (ProxyAgent needs `connect` for its
  // CONNECT tunnel), without the global dispatcher it also installs. Only this bundled copy of
  // undici is touched.
  if (!('connect' in DispatcherClass.prototype)) Object.assign(DispatcherClass.prototype, api);
  loaded = {
    Agent: require('undici/lib/dispatcher/agent'),
    EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent'),
    Client: require('undici/lib/dispatcher/client'),
    Pool: require('undici/lib/dispatcher/pool'),
    ProxyRouter: proxyRouterClass(DispatcherClass as unknown as new () => Dispatcher),
    request: api.request as Undici['request'],
    buildConnector: require('undici/lib/core/connect'),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}

export type { Dispatcher };

/** undici's Agent (a pool per origin) with these options. */
export function directAgent(options: AgentType.Options): Dispatcher {
  return new (undici().Agent)(options);
}

/**
 * undici's connector, whose https connections get the TLS context made on the first of them:
 * parsing a CA bundle costs ~20 ms, which a plain-HTTP cloud never needs to pay.
 */
export function lazyTlsConnector(options: { timeout: number; rejectUnauthorized: boolean }, context: () => TlsContextOptions | undefined): ConnectorType {
  const { buildConnector } = undici();
  const plain = buildConnector({ timeout: options.timeout });
  let secure: ConnectorType | undefined;
  return (opts, callback) => {
    if (opts.protocol !== 'https:') return plain(opts, callback);
    secure ??= buildConnector({ ...options, ...context() });
    return secure(opts, callback);
  };
}

/** What every connection a proxy agent opens must keep of ours (undici's own defaults: 300 s). */
type ConnectionLimits = Pick<AgentType.Options, 'headersTimeout' | 'bodyTimeout' | 'connections' | 'keepAliveTimeout'>;

/**
 * The proxy as curl and Python's requests (so keystoneauth and openstacksdk) use it:
 * - a plain-HTTP target is asked of the proxy in absolute form (`GET http://host/path`), not
 *   through a CONNECT tunnel, which proxies such as Squid refuse by default for any port but 443;
 *   HTTPS goes through a CONNECT tunnel;
 * - NO_PROXY is read by `noProxyMatcher`, once (CIDR blocks included, which undici ignores: a cloud on
 *   10.x listed as `10.0.0.0/8` would otherwise get its token sent through the proxy);
 * - undici opens the connections to the proxy (the tunnel's CONNECT, the absolute-form requests)
 *   with only a connector, so their timeouts would be its 300 s defaults: the factories give them
 *   ours.
 */
export function envProxyAgent(options: EnvHttpProxyAgentType.Options & ConnectionLimits): Dispatcher {
  const { headersTimeout, bodyTimeout, connections, keepAliveTimeout, noProxy, httpProxy, httpsProxy, requestTls, ...common } = options;
  const ours = Object.fromEntries(Object.entries({ headersTimeout, bodyTimeout, connections, keepAliveTimeout }).filter(([, v]) => v !== undefined));
  const { Agent, Client, EnvHttpProxyAgent, Pool, ProxyRouter } = undici();
  const factory = (origin: string | URL, opts: AgentType.Options): Dispatcher =>
    opts.connections === 1 ? new Client(origin, { ...ours, ...opts }) : new Pool(origin, { ...ours, ...opts });
  const direct = new Agent({ ...common, ...ours, factory });
  // Everything that reaches it goes through the proxy, NO_PROXY being decided above it; '' (not
  // undefined) for a scheme without a proxy, or undici would read the environment itself.
  const proxied = new EnvHttpProxyAgent({
    ...common, ...ours, httpProxy: httpProxy ?? '', httpsProxy: httpsProxy ?? '', requestTls, noProxy: '', proxyTunnel: false, factory, clientFactory: factory,
  } as EnvHttpProxyAgentType.Options);
  // A scheme without its own proxy goes direct, as in requests (undici would send https:// to
  // the http:// proxy).
  const proxyOf = (origin: URL) => (origin.protocol === 'https:' ? httpsProxy : httpProxy);
  const bypasses = noProxyMatcher(noProxy);
  return new ProxyRouter(direct, proxied, (origin) => !proxyOf(origin) || bypasses(origin));
}

type ProxyRouterClass = new (direct: Dispatcher, proxied: Dispatcher, bypass: (origin: URL) => boolean) => Dispatcher;

/** Sends each request to the direct agent or the proxying one, by its origin (a class of undici's Dispatcher, made once it is loaded). */
function proxyRouterClass(Base: new () => Dispatcher): ProxyRouterClass {
  return class ProxyRouter extends Base {
    constructor(private readonly direct: Dispatcher, private readonly proxied: Dispatcher, private readonly bypass: (origin: URL) => boolean) {
      super();
    }

    override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      return (this.bypass(new URL(String(options.origin))) ? this.direct : this.proxied).dispatch(options, handler);
    }

    override close(): Promise<void> {
      return Promise.all([this.direct.close(), this.proxied.close()]).then(() => undefined);
    }

    override destroy(): Promise<void>;
    override destroy(error: Error | null): Promise<void>;
    override destroy(callback: () => void): void;
    override destroy(error: Error | null, callback: () => void): void;
    override destroy(first?: Error | null | (() => void), second?: () => void): Promise<void> | void {
      const error = typeof first === 'function' ? null : first ?? null;
      const callback = typeof first === 'function' ? first : second;
      const done = Promise.all([this.direct.destroy(error), this.proxied.destroy(error)]).then(() => undefined);
      if (!callback) return done;
      void done.then(callback, callback);
    }
  };
}

/** `dispatcher.request(options)` without undici's index (which would set the global dispatcher). */
export function dispatch(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return undici().request.call(dispatcher, options);
}
