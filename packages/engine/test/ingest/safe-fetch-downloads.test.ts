import { createHash, randomBytes } from 'node:crypto';
import { type Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StowageError } from '@stowage/core';
import { isTransientFetchError, parseAllowedNetworks, safeFetch, type SafeFetchOptions } from '../../src/ingest';
import { startServer, type TestServer } from './test-server';

const payload = randomBytes(4 * 1024 * 1024 + 123);
let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    switch (req.url) {
      case '/payload': {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': payload.length });
        for (let offset = 0; offset < payload.length; offset += 64 * 1024) res.write(payload.subarray(offset, offset + 64 * 1024));
        res.end();
        return;
      }
      case '/moved':
        res.writeHead(302, { location: '/payload' }).end();
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' }).end();
        return;
      case '/declared-large':
        res.writeHead(200, { 'content-length': 5000 }).end(Buffer.alloc(5000));
        return;
      case '/chunked-large':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(Buffer.alloc(1000, 'a'));
        setTimeout(() => res.end(Buffer.alloc(1000, 'b')), 20);
        return;
      case '/short':
        res.writeHead(200, { 'content-length': 1000 });
        res.write(Buffer.alloc(10, 'x'), () => setTimeout(() => res.socket?.destroy(), 50));
        return;
      case '/missing':
        res.writeHead(404).end('nope');
        return;
      case '/down':
        res.writeHead(503).end('later');
        return;
      case '/silent':
        return; // never answers
      default:
        res.writeHead(500).end();
    }
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.hosts.length = 0;
});

const options: SafeFetchOptions = {
  allowedNetworks: parseAllowedNetworks(['127.0.0.0/8']),
  maxBytes: 8 * 1024 * 1024,
  timeoutMs: 5000,
};

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function rejection(promise: Promise<unknown>): Promise<StowageError> {
  const error: unknown = await promise.then(
    () => expect.fail('expected a rejection'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StowageError);
  return error as StowageError;
}

describe('safeFetch downloads from an allowed network', () => {
  it('streams the exact bytes with their length and type', async () => {
    const result = await safeFetch(`${server.origin}/payload`, options);
    expect(result.contentLength).toBe(payload.length);
    expect(result.contentType).toBe('application/octet-stream');
    expect(result.finalUrl).toBe(`${server.origin}/payload`);
    expect(sha256(await readAll(result.body))).toBe(sha256(payload));
  });

  it('follows a 302 to another path on the same server', async () => {
    const result = await safeFetch(`${server.origin}/moved`, options);
    expect(result.finalUrl).toBe(`${server.origin}/payload`);
    expect(result.contentLength).toBe(payload.length);
    expect(sha256(await readAll(result.body))).toBe(sha256(payload));
    expect(server.requests).toEqual(['/moved', '/payload']);
  });

  it('connects to the address it checked, resolving the hostname once and keeping it as Host', async () => {
    const lookedUp: string[] = [];
    const lookup = async (hostname: string) => {
      lookedUp.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const result = await safeFetch(`http://files.test:${server.port}/payload`, { ...options, lookup });
    expect((await readAll(result.body)).length).toBe(payload.length);
    expect(lookedUp).toEqual(['files.test']);
    expect(server.hosts).toEqual([`files.test:${server.port}`]);
  });

  it('stops after too many redirects', async () => {
    const error = await rejection(safeFetch(`${server.origin}/loop`, { ...options, maxRedirects: 3 }));
    expect(error.message).toBe('Too many redirects (more than 3).');
    expect(isTransientFetchError(error)).toBe(false);
    expect(server.requests).toHaveLength(4);
  });

  it('refuses a Content-Length above maxBytes before reading the body', async () => {
    const error = await rejection(safeFetch(`${server.origin}/declared-large`, { ...options, maxBytes: 1000 }));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe('The response (Content-Length 5000) is larger than the limit of 1000 bytes.');
  });

  it('errors the body stream once a chunked body passes maxBytes', async () => {
    const result = await safeFetch(`${server.origin}/chunked-large`, { ...options, maxBytes: 1024 });
    expect(result.contentLength).toBeNull();
    const error = await rejection(readAll(result.body));
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(error.message).toBe('The response is larger than the limit of 1024 bytes.');
  });

  it('errors the body stream when the body is shorter than its Content-Length', async () => {
    const result = await safeFetch(`${server.origin}/short`, options);
    expect(result.contentLength).toBe(1000);
    const error = await rejection(readAll(result.body));
    expect(error.message).toBe('length mismatch: expected 1000 bytes, got 10.');
    expect(isTransientFetchError(error)).toBe(true);
  });

  it('treats 404 as permanent', async () => {
    const error = await rejection(safeFetch(`${server.origin}/missing`, options));
    expect(error.message).toBe(`${server.origin} answered HTTP 404.`);
    expect(error.code).toBe('PRECONDITION_FAILED');
    expect(isTransientFetchError(error)).toBe(false);
  });

  it('treats 503 as transient', async () => {
    const error = await rejection(safeFetch(`${server.origin}/down`, options));
    expect(error.message).toBe(`${server.origin} answered HTTP 503.`);
    expect(error.code).toBe('UNAVAILABLE');
    expect(isTransientFetchError(error)).toBe(true);
  });

  it('times out waiting for headers as a transient error', async () => {
    const error = await rejection(safeFetch(`${server.origin}/silent`, { ...options, timeoutMs: 200 }));
    expect(error.message).toBe(`Could not fetch ${server.origin} (timed out after 200 ms).`);
    expect(isTransientFetchError(error)).toBe(true);
  });

  it('rejects with the abort reason when the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    setTimeout(() => controller.abort(reason), 50);
    await expect(safeFetch(`${server.origin}/silent`, { ...options, signal: controller.signal })).rejects.toBe(reason);
  });

  it('treats a host that does not resolve as transient: DNS outages pass', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND images.example'), { code: 'ENOTFOUND' });
    };
    const error = await rejection(safeFetch('http://images.example/x.iso', { ...options, lookup }));
    expect(error.message).toBe("The URL's host images.example does not resolve (ENOTFOUND).");
    expect(isTransientFetchError(error)).toBe(true);
  });

  it('reports a refused connection as transient', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const error = await rejection(safeFetch(`${closed.origin}/`, options));
    expect(error.message).toContain(`Could not fetch ${closed.origin} (ECONNREFUSED`);
    expect(isTransientFetchError(error)).toBe(true);
  });

  it('lets the caller stop reading early', async () => {
    const result = await safeFetch(`${server.origin}/payload`, options);
    for await (const chunk of result.body) {
      expect((chunk as Buffer).length).toBeGreaterThan(0);
      break;
    }
    expect(result.body.destroyed).toBe(true);
  });
});
