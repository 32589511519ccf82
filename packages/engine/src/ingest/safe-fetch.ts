/**
 * Error semantics: everything thrown (or emitted by the returned body) is a StowageError, the domain error,
 * because this runs inside the engine, not at the provider boundary where StorageError lives.
 *   INVALID_INPUT       the URL is refused (scheme, credentials, forbidden address, also as a redirect target)
 *   PRECONDITION_FAILED the server answered with something unusable: 4xx, too many redirects, too large
 *   UNAVAILABLE         transient, worth retrying: 5xx/408/429, network failure, timeout, truncated body
 * `isTransientFetchError(error)` tells a job runner whether to retry. An abort through `signal` rethrows
 * the abort reason unchanged.
 */
import { type Readable } from 'node:stream';
import { errors } from '@stowage/core';
import { Agent, request, type Dispatcher } from 'undici';
import { checkUrl } from './check-url';
import { httpStatusError, networkError, tooLarge } from './fetch-errors';
import { guardBody } from './guarded-body';
import { type AllowedNetwork } from './network-policy';
import { pinnedLookup, resolveAllowedAddresses, systemLookup, type LookupAll } from './resolve-host';

export interface SafeFetchOptions {
  /** Non-public networks that may be fetched from anyway (see parseAllowedNetworks). */
  allowedNetworks?: readonly AllowedNetwork[];
  maxBytes: number;
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Limit for connecting, for the response headers, and for each pause between body chunks. */
  timeoutMs?: number;
  lookup?: LookupAll;
}

export interface SafeFetchResult {
  /** The response body as a stream; it errors if it exceeds maxBytes or disagrees with Content-Length. */
  body: Readable;
  contentLength: number | null;
  finalUrl: string;
  contentType: string | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** GETs a user-supplied URL without letting it reach private networks, following redirects by hand. */
export async function safeFetch(input: string, options: SafeFetchOptions): Promise<SafeFetchResult> {
  const { allowedNetworks = [], maxBytes, maxRedirects = 5, signal, timeoutMs = 30_000, lookup = systemLookup } = options;
  let next: string | URL = input;

  for (let redirects = 0; ; redirects++) {
    signal?.throwIfAborted();
    const redirectTarget = redirects > 0;
    const url = checkUrl(next, { allowedNetworks, redirectTarget });
    const addresses = await resolveAllowedAddresses(url, { allowedNetworks, lookup, redirectTarget });
    const agent = new Agent({
      connect: { lookup: pinnedLookup(addresses), timeout: timeoutMs },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const response = await send(url, agent, signal, timeoutMs);
    const { statusCode, headers } = response;

    if (REDIRECT_STATUSES.has(statusCode)) {
      await discard(response, agent);
      if (redirects >= maxRedirects) throw errors.precondition(`Too many redirects (more than ${maxRedirects}).`);
      next = redirectLocation(headers.location, url);
      continue;
    }
    if (statusCode < 200 || statusCode > 299) {
      await discard(response, agent);
      throw httpStatusError(statusCode, url);
    }
    const contentLength = parseContentLength(headers['content-length']);
    if (contentLength !== null && contentLength > maxBytes) {
      await discard(response, agent);
      throw tooLarge(maxBytes, contentLength);
    }
    const body = guardBody(response.body, { expectedBytes: contentLength, maxBytes, signal }, () => {
      void agent.destroy().catch(() => undefined);
    });
    return { body, contentLength, finalUrl: url.href, contentType: singleHeader(headers['content-type']) };
  }
}

async function send(url: URL, agent: Agent, signal: AbortSignal | undefined, timeoutMs: number) {
  try {
    return await request(url, { method: 'GET', dispatcher: agent, signal });
  } catch (error) {
    await agent.destroy().catch(() => undefined);
    if (signal?.aborted) throw signal.reason;
    throw networkError(error, url, timeoutMs);
  }
}

/** Drops a response we will not read, without downloading its body. */
async function discard(response: Dispatcher.ResponseData, agent: Agent): Promise<void> {
  response.body.on('error', () => undefined).destroy();
  await agent.destroy().catch(() => undefined);
}

function redirectLocation(location: string | string[] | undefined, from: URL): URL {
  const value = singleHeader(location);
  if (value === null) throw errors.precondition(`${from.origin} redirected without a Location header.`);
  try {
    return new URL(value, from);
  } catch (error) {
    throw errors.invalid('Refused redirect target: it is not a valid URL.', undefined, error);
  }
}

function parseContentLength(header: string | string[] | undefined): number | null {
  const value = singleHeader(header);
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

function singleHeader(header: string | string[] | undefined): string | null {
  return (Array.isArray(header) ? header[0] : header) ?? null;
}
