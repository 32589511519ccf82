import { request, type Dispatcher } from 'undici';
import { StorageError } from '../storage-error';
import type { SwiftConfig } from './config';
import { readText } from './read-body';
import { abortReason, statusError, transportError } from './swift-errors';

/** What authentication yields: where the account lives and the token that opens it. */
export interface SwiftSession {
  token: string;
  /** The account URL (…/v1/AUTH_account), without a trailing slash. */
  storageUrl: string;
  /** When the token expires (ms since the epoch); null when the server did not say. */
  expiresAt: number | null;
}

export interface AuthContext {
  dispatcher: Dispatcher;
  timeoutMs: number;
}

/** One authentication round trip. Swappable so tests can count calls against the real server. */
export type SwiftAuthenticator = (config: SwiftConfig, context: AuthContext) => Promise<SwiftSession>;

/** A token this close to its expiry is renewed before use. */
const EXPIRY_MARGIN_MS = 60_000;
const MAX_AUTH_BODY_BYTES = 4 * 1024 * 1024;

export const authenticate: SwiftAuthenticator = (config, context) =>
  config.authVersion === 'v3' ? authenticateV3(config, context) : authenticateV1(config, context);

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the auth endpoint';
  }
}

function credentialsRefused(config: SwiftConfig, status: number): StorageError {
  return new StorageError({
    code: 'AccessDenied',
    message: `${config.authVersion === 'v3' ? 'Keystone' : 'Swift'} refused the credentials of user ${config.user} (HTTP ${status})`,
    field: 'key',
  });
}

function wrongEndpoint(config: SwiftConfig, detail: string): StorageError {
  return new StorageError({
    code: 'InvalidConfig',
    message: `${hostOf(config.authUrl)} does not answer ${config.authVersion} auth: ${detail}`,
    field: 'authUrl',
  });
}

/** Swift v1 auth (tempauth, swauth, RadosGW): GET with X-Auth-User / X-Auth-Key. */
async function authenticateV1(config: SwiftConfig, { dispatcher, timeoutMs }: AuthContext): Promise<SwiftSession> {
  const what = `Authenticating at ${hostOf(config.authUrl)}`;
  let response: Dispatcher.ResponseData;
  try {
    response = await request(config.authUrl, {
      method: 'GET',
      headers: { 'x-auth-user': config.user, 'x-auth-key': config.key },
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await response.body.dump();
  } catch (error) {
    throw transportError(error, what);
  }
  const { statusCode: status, headers } = response;
  if (status === 401 || status === 403) throw credentialsRefused(config, status);
  if (status >= 400 && status < 500) throw wrongEndpoint(config, `HTTP ${status}`);
  if (status >= 300) throw statusError(status, what);
  const token = header(headers, 'x-auth-token') ?? header(headers, 'x-storage-token');
  const storageUrl = header(headers, 'x-storage-url');
  if (!token || !storageUrl) throw wrongEndpoint(config, 'no X-Auth-Token or X-Storage-Url in the answer');
  const expiresIn = Number(header(headers, 'x-auth-token-expires'));
  return {
    token,
    storageUrl: storageUrl.replace(/\/+$/, ''),
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : null,
  };
}

interface KeystoneToken {
  token?: {
    expires_at?: string;
    catalog?: { type?: string; endpoints?: { interface?: string; region?: string; region_id?: string; url?: string }[] }[];
  };
}

/** Keystone v3 password auth scoped to a project; the object-store endpoint comes from the catalog. */
async function authenticateV3(config: SwiftConfig, { dispatcher, timeoutMs }: AuthContext): Promise<SwiftSession> {
  const what = `Authenticating at ${hostOf(config.authUrl)}`;
  const body = JSON.stringify({
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: config.user, domain: { name: config.userDomain }, password: config.key } },
      },
      scope: { project: { name: config.projectName, domain: { name: config.projectDomain } } },
    },
  });
  let response: Dispatcher.ResponseData;
  let text: string;
  try {
    response = await request(`${config.authUrl.replace(/\/+$/, '')}/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    text = await readText(response.body, MAX_AUTH_BODY_BYTES);
  } catch (error) {
    throw transportError(error, what);
  }
  const { statusCode: status, headers } = response;
  if (status === 401 || status === 403) throw credentialsRefused(config, status);
  if (status >= 400 && status < 500) throw wrongEndpoint(config, `HTTP ${status}`);
  if (status >= 300) throw statusError(status, what);
  const token = header(headers, 'x-subject-token');
  let parsed: KeystoneToken;
  try {
    parsed = JSON.parse(text) as KeystoneToken;
  } catch (error) {
    throw new StorageError({ code: 'InvalidConfig', message: `${what}: the answer is not JSON`, field: 'authUrl', cause: error });
  }
  if (!token) throw wrongEndpoint(config, 'no X-Subject-Token in the answer');

  const endpoints = (parsed.token?.catalog ?? [])
    .filter((service) => service.type === 'object-store')
    .flatMap((service) => service.endpoints ?? [])
    .filter((endpoint) => endpoint.interface === 'public' && typeof endpoint.url === 'string')
    .filter((endpoint) => config.region === undefined || endpoint.region === config.region || endpoint.region_id === config.region);
  const url = endpoints[0]?.url;
  if (!url) {
    throw new StorageError({
      code: 'InvalidConfig',
      message: `The Keystone catalog has no public object-store endpoint${config.region ? ` in region ${config.region}` : ''}`,
      field: config.region ? 'region' : 'authUrl',
    });
  }
  const expiresAt = parsed.token?.expires_at ? Date.parse(parsed.token.expires_at) : Number.NaN;
  return { token, storageUrl: url.replace(/\/+$/, ''), expiresAt: Number.isFinite(expiresAt) ? expiresAt : null };
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The token of one backend: fetched on first use, cached until shortly before it expires, renewed once for
 * every caller at the same time, and forgotten when a request is refused with it.
 */
export class SwiftAuth {
  private session: SwiftSession | null = null;
  private pending: Promise<SwiftSession> | null = null;

  constructor(
    private readonly config: SwiftConfig,
    private readonly authenticator: SwiftAuthenticator,
    private readonly context: AuthContext,
  ) {}

  /** A token valid for at least `minValidityMs` more (when the server says how long tokens live). */
  async get(options: { signal?: AbortSignal; minValidityMs?: number } = {}): Promise<SwiftSession> {
    const { signal, minValidityMs = EXPIRY_MARGIN_MS } = options;
    if (signal?.aborted) throw abortReason(signal);
    const current = this.session;
    if (current && (current.expiresAt === null || current.expiresAt - Date.now() > minValidityMs)) return current;
    return raceAbort(this.renew(), signal);
  }

  /** A request was refused with `token`: forget it, unless a newer token has already replaced it. */
  invalidate(token: string): void {
    if (this.session?.token === token) this.session = null;
  }

  /** Test hook: the cached token stops being one the server knows, as if it had expired server-side. */
  corruptTokenForTests(): void {
    if (this.session) this.session = { ...this.session, token: `AUTH_tk${'0'.repeat(32)}` };
  }

  /** One authentication shared by every caller; not tied to any caller's signal, bounded by its own timeouts. */
  private renew(): Promise<SwiftSession> {
    this.pending ??= this.authenticator(this.config, this.context).then(
      (session) => {
        this.session = session;
        this.pending = null;
        return session;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }
}

/** Waits for `promise`, or fails with Aborted as soon as `signal` aborts (the work itself goes on). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
