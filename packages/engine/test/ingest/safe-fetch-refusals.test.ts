import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StowageError } from '@stowage/core';
import { parseAllowedNetworks, safeFetch, type SafeFetchOptions } from '../../src/ingest';
import { startServer, type TestServer } from './test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startServer((req, res) => {
    if (req.url === '/to-private') res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
    else if (req.url === '/to-metadata') res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    else if (req.url === '/to-file') res.writeHead(307, { location: 'file:///etc/passwd' }).end();
    else res.end('hello');
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const limits: SafeFetchOptions = { maxBytes: 1024 * 1024, timeoutMs: 5000 };

async function refusal(url: string, options: Partial<SafeFetchOptions> = {}): Promise<StowageError> {
  const error: unknown = await safeFetch(url, { ...limits, ...options }).then(
    () => expect.fail(`${url} was fetched`),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StowageError);
  expect((error as StowageError).code).toBe('INVALID_INPUT');
  return error as StowageError;
}

describe('safeFetch refuses non-public targets', () => {
  it('refuses 127.0.0.1 without connecting to it', async () => {
    const error = await refusal(`${server.origin}/`);
    expect(error.message).toContain('127.0.0.1 is a loopback address');
    expect(server.requests).toEqual([]);
  });

  it('refuses http://127.0.0.1/', async () => {
    expect((await refusal('http://127.0.0.1/')).message).toContain('127.0.0.1 is a loopback address');
  });

  it('refuses localhost after resolving it', async () => {
    expect((await refusal(`http://localhost:${server.port}/`)).message).toMatch(
      /localhost resolves to (127\.0\.0\.1|::1), and (127\.0\.0\.1|::1) is a loopback address/,
    );
    expect(server.requests).toEqual([]);
  });

  it('refuses http://[::1]/', async () => {
    expect((await refusal('http://[::1]/')).message).toContain('::1 is a loopback address');
  });

  it('refuses http://10.0.0.1/', async () => {
    expect((await refusal('http://10.0.0.1/')).message).toContain('10.0.0.1 is a private address');
  });

  it('refuses http://192.168.1.1/', async () => {
    expect((await refusal('http://192.168.1.1/')).message).toContain('192.168.1.1 is a private address');
  });

  it('refuses the cloud metadata endpoint', async () => {
    expect((await refusal('http://169.254.169.254/latest/meta-data')).message).toContain(
      '169.254.169.254 is a cloud metadata address',
    );
  });

  it.each([
    ['decimal', 'http://2130706433'],
    ['hex', 'http://0x7f000001'],
    ['octal', 'http://017700000001'],
    ['short', 'http://127.1'],
  ])('refuses %s-encoded loopback', async (_form, base) => {
    const error = await refusal(`${base}:${server.port}/`);
    expect(error.message).toContain(`Refused URL http://127.0.0.1:${server.port}: 127.0.0.1 is a loopback address`);
    expect(server.requests).toEqual([]);
  });

  it('refuses IPv4-mapped IPv6 loopback', async () => {
    expect((await refusal(`http://[::ffff:127.0.0.1]:${server.port}/`)).message).toContain(
      '::ffff:7f00:1 (IPv4-mapped 127.0.0.1) is a loopback address',
    );
    expect(server.requests).toEqual([]);
  });

  it('refuses http://0.0.0.0/', async () => {
    expect((await refusal('http://0.0.0.0/')).message).toContain('0.0.0.0 is an unspecified address');
  });

  it('refuses a redirect from an allowed server to a private address as a redirect target', async () => {
    const error = await refusal(`${server.origin}/to-private`, { allowedNetworks: parseAllowedNetworks(['127.0.0.1/32']) });
    expect(error.message).toBe('Refused redirect target http://10.0.0.1: 10.0.0.1 is a private address.');
    expect(server.requests).toEqual(['/to-private']);
  });

  it('refuses a redirect to the metadata endpoint even when link-local is allowed', async () => {
    const allowedNetworks = parseAllowedNetworks(['127.0.0.1/32', '169.254.0.0/16']);
    expect((await refusal(`${server.origin}/to-metadata`, { allowedNetworks })).message).toContain(
      'Refused redirect target http://169.254.169.254: 169.254.169.254 is a cloud metadata address',
    );
  });

  it('refuses a redirect to a file: URL', async () => {
    const error = await refusal(`${server.origin}/to-file`, { allowedNetworks: parseAllowedNetworks(['127.0.0.1/32']) });
    expect(error.message).toContain('Refused redirect target (file:): only http and https URLs can be registered');
  });

  it('refuses a hostname that resolves to a private address', async () => {
    const lookup = async () => [{ address: '10.1.2.3', family: 4 }];
    expect((await refusal('http://files.internal.example/x', { lookup })).message).toBe(
      'Refused URL http://files.internal.example: files.internal.example resolves to 10.1.2.3, and 10.1.2.3 is a private address.',
    );
  });

  it('refuses a hostname when any one of its addresses is private', async () => {
    const lookup = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    expect((await refusal('http://mixed.example/', { lookup })).message).toContain(
      'mixed.example resolves to 127.0.0.1, and 127.0.0.1 is a loopback address',
    );
  });

  it('refuses file:///etc/passwd', async () => {
    expect((await refusal('file:///etc/passwd')).message).toContain('only http and https URLs can be registered');
  });

  it('refuses ftp://example.com/x', async () => {
    expect((await refusal('ftp://example.com/x')).message).toContain('only http and https URLs can be registered');
  });

  it.each(['data:text/plain,hi', 'gopher://example.com/', 'javascript:alert(1)'])('refuses %s', async (url) => {
    expect((await refusal(url)).message).toContain('only http and https URLs can be registered');
  });

  it('refuses a URL with credentials without echoing them', async () => {
    const error = await refusal('https://user:s3cret@example.com/x');
    expect(error.message).toContain('URLs with credentials (user:password@) cannot be registered');
    expect(error.message).not.toContain('s3cret');
  });

  it('refuses a string that is not a URL', async () => {
    expect((await refusal('not a url')).message).toContain('not a valid URL');
  });
});
