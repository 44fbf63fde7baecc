// One error type for everything that goes wrong talking to a cloud. It names the cloud, region,
// service, method and URL (never a secret) and carries the service's own fault message.
import { redactText } from '../config/secrets';

export type FailureKind = 'http' | 'network' | 'timeout' | 'cancelled' | 'auth' | 'config' | 'operation';

export interface FailureContext {
  cloud: string;
  region?: string;
  service?: string;
  method?: string;
  url?: string;
  status?: number;
  fault?: string;
  /** The service's request id (x-openstack-request-id and kin): what an operator greps for. */
  requestId?: string;
  kind: FailureKind;
  /** Secrets to scrub from the message (passwords, tokens of this cloud). */
  secrets?: Iterable<string>;
  cause?: unknown;
}

export class OpenStackError extends Error {
  readonly cloud: string;
  readonly region?: string;
  readonly service?: string;
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  readonly fault?: string;
  readonly requestId?: string;
  readonly kind: FailureKind;

  constructor(summary: string, context: FailureContext) {
    const secrets = [...(context.secrets ?? [])];
    const url = context.url ? redactText(safeUrl(context.url), secrets) : undefined;
    const fault = context.fault ? truncateFault(redactText(context.fault, secrets)) : undefined;
    const where = context.region ? `${context.cloud}/${context.region}` : context.cloud;
    const request = [context.service, context.method, url].filter(Boolean).join(' ');
    const status = context.status ? `HTTP ${context.status}` : '';
    const detail = [status, fault].filter(Boolean).join(': ');
    const text = `${where}: ${redactText(summary, secrets)}${request ? ` (${request})` : ''}${detail ? `: ${detail}` : ''}`;
    super(text, context.cause !== undefined ? { cause: context.cause } : undefined);
    this.name = 'OpenStackError';
    this.cloud = context.cloud;
    this.region = context.region;
    this.service = context.service;
    this.method = context.method;
    this.url = url;
    this.status = context.status;
    this.fault = fault;
    this.requestId = context.requestId && /^[\w.:-]{1,128}$/.test(context.requestId) ? context.requestId : undefined;
    this.kind = context.kind;
  }
}

/** Characters of a cloud's own error message that a user is shown: error bodies can be megabytes. */
export const MAX_FAULT_CHARS = 1000;

export function truncateFault(text: string, max = MAX_FAULT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (truncated)`;
}

/** A URL fit for messages: no user info, and query values that may carry credentials masked. */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    u.username = '';
    u.password = '';
    for (const key of [...u.searchParams.keys()]) {
      if (/sig|token|secret|key|password|signature/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return raw.replace(/\/\/[^/@]*@/, '//');
  }
}

/**
 * The human message inside an OpenStack error body. Services differ: keystone `{"error":
 * {"message"}}`, nova `{"badRequest": {"message"}}`, neutron `{"NeutronError": {"message"}}`,
 * glance and swift HTML or plain text.
 */
export function faultMessage(body: string, contentType = ''): string | undefined {
  const text = body.trim();
  if (!text) return undefined;
  if (contentType.includes('json') || text.startsWith('{')) {
    try {
      return messageFromJson(JSON.parse(text)) ?? text.slice(0, 300);
    } catch {
      // Not JSON after all, or only the start of a body too long to read whole: its message if
      // one shows, else fall through to text handling.
      const partial = /"(?:message|faultstring|detail|title)"\s*:\s*"((?:[^"\\]|\\.)+)/.exec(text.slice(0, 64 * 1024));
      if (partial) return partial[1];
    }
  }
  const withoutTags = text.replace(/<title>[^<]*<\/title>/gi, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return withoutTags.slice(0, 300) || undefined;
}

function messageFromJson(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const obj = value as Record<string, unknown>;
  for (const key of ['message', 'faultstring', 'detail', 'title']) {
    if (typeof obj[key] === 'string' && obj[key]) return obj[key] as string;
  }
  for (const inner of Object.values(obj)) {
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const m = messageFromJson(inner);
      if (m) return m;
    }
  }
  return undefined;
}

export function isAbortError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { name?: string; code?: string };
  return err.name === 'AbortError' || err.code === 'ABORT_ERR' || err.code === 'UND_ERR_ABORTED' || (e instanceof OpenStackError && e.kind === 'cancelled');
}
