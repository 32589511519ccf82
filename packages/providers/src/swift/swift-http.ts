import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { StorageError } from '../storage-error';
import type { SwiftAuth, SwiftSession } from './swift-auth';
import { statusError, transportError } from './swift-errors';
import { StreamedPut } from './streamed-put';

/** A streamed upload starts with a token valid for at least this long. */
const UPLOAD_MIN_VALIDITY_MS = 5 * 60_000;

/** One undici Agent per timeout (the connect timeout is per agent), shared by every backend. */
const dispatchers = new Map<number, Agent>();

export function dispatcherFor(timeoutMs: number): Agent {
  let agent = dispatchers.get(timeoutMs);
  if (!agent) {
    agent = new Agent({ connect: { timeout: timeoutMs }, keepAliveTimeout: 4_000 });
    dispatchers.set(timeoutMs, agent);
  }
  return agent;
}

/**
 * The path of a container or an object under the account URL. Every segment is percent-encoded on its
 * own and "/" stays a separator, so any UTF-8 name round-trips.
 */
export function swiftPath(container?: string, object?: string): string {
  if (container === undefined) return '';
  const encoded = `/${encodeURIComponent(container)}`;
  return object === undefined ? encoded : `${encoded}/${object.split('/').map(encodeURIComponent).join('/')}`;
}

/** Query strings with %20 for spaces (never "+"), and undefined values left out. */
function queryString(query: Record<string, string | number | undefined> | undefined): string {
  const parts = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => (value === '' ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`));
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export interface SwiftRequest {
  method: Dispatcher.HttpMethod;
  /** From swiftPath(): '' is the account itself. */
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Only bodies that can be sent twice: a 401 is answered by authenticating again and retrying once. */
  body?: Buffer | string;
  signal?: AbortSignal;
  /** What is being done, for error messages ("Reading x"). */
  what: string;
  /** Statuses handed back rather than thrown (2xx always are). */
  accept?: readonly number[];
  /** How long to wait for the answer's headers, when the server has real work to do first. */
  headersTimeoutMs?: number;
}

export interface SwiftResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Swift quotes the ETag of large objects and not of others. */
export function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/^"(.*)"$/, '$1');
}

const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const RETRY_DELAYS_MS = [250, 1000];

/** Authenticated requests to one Swift account. */
export class SwiftHttp {
  constructor(
    readonly auth: SwiftAuth,
    readonly timeoutMs: number,
    readonly dispatcher: Dispatcher,
  ) {}

  /** A request with a replayable body; failures and unexpected statuses become StorageErrors. */
  async request(options: SwiftRequest): Promise<SwiftResponse> {
    let reauthenticated = false;
    let retries = 0;
    for (;;) {
      const session = await this.auth.get({ signal: options.signal });
      let response: Dispatcher.ResponseData;
      try {
        response = await request(this.url(session, options.path, options.query), {
          method: options.method,
          headers: { ...options.headers, 'x-auth-token': session.token },
          body: options.body,
          signal: options.signal,
          dispatcher: this.dispatcher,
          headersTimeout: options.headersTimeoutMs ?? this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        });
      } catch (error) {
        throw transportError(error, options.what, options.signal);
      }
      const status = response.statusCode;
      if (status === 401 && !reauthenticated) {
        reauthenticated = true;
        await discard(response.body);
        this.auth.invalidate(session.token);
        continue;
      }
      if ((status >= 200 && status < 300) || options.accept?.includes(status)) {
        return { status, headers: response.headers, body: response.body };
      }
      await discard(response.body);
      // A busy proxy or storage node answers 5xx now and then; these requests are replayable, so try again
      // a couple of times (as python-swiftclient does) before calling the store unavailable.
      if (TRANSIENT_STATUSES.has(status) && retries < RETRY_DELAYS_MS.length && !options.signal?.aborted) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[retries]));
        retries += 1;
        continue;
      }
      throw statusError(status, options.what);
    }
  }

  /**
   * Starts a streamed PUT and waits for Swift's "100 Continue". A 401 in its place is answered by
   * authenticating again and starting over once: nothing of the body has been sent yet.
   */
  async openUpload(options: {
    path: string;
    query?: Record<string, string | number | undefined>;
    headers: Record<string, string>;
    signal?: AbortSignal;
    what: string;
  }): Promise<StreamedPut> {
    let reauthenticated = false;
    let staleSocketRetried = false;
    for (;;) {
      const session = await this.auth.get({ signal: options.signal, minValidityMs: UPLOAD_MIN_VALIDITY_MS });
      const put = new StreamedPut(
        new URL(this.url(session, options.path, options.query)),
        { ...options.headers, 'x-auth-token': session.token },
        { timeoutMs: this.timeoutMs, what: options.what, signal: options.signal },
      );
      let refused;
      try {
        refused = await put.ready();
      } catch (error) {
        // A kept-alive socket the server closed while idle: nothing of the body was sent, so start over.
        if (!staleSocketRetried && put.reusedSocket && isConnectionReset(error)) {
          staleSocketRetried = true;
          continue;
        }
        throw error;
      }
      if (refused === null) return put;
      put.abort();
      if (refused.status === 401 && !reauthenticated) {
        reauthenticated = true;
        this.auth.invalidate(session.token);
        continue;
      }
      throw refused.status >= 300
        ? statusError(refused.status, options.what)
        : new StorageError({ code: 'Unavailable', message: `${options.what}: unexpected HTTP ${refused.status} from Swift` });
    }
  }

  private url(session: SwiftSession, path: string, query: SwiftRequest['query']): string {
    return `${session.storageUrl}${path}${queryString(query)}`;
  }
}

function isConnectionReset(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return cause?.code === 'ECONNRESET' || cause?.code === 'EPIPE';
}

/** Reads and drops a body so its connection can be reused; failures there do not matter. */
export async function discard(body: Readable): Promise<void> {
  try {
    const dumpable = body as Readable & { dump?: (options?: { limit?: number }) => Promise<void> };
    if (dumpable.dump) await dumpable.dump({ limit: 64 * 1024 });
    else body.resume();
  } catch {
    // the connection is closed instead
  }
}
