/* /api/auth reads at most 4 KiB of a sign-in body: by Content-Length when one is sent, and while reading when
 * there is none or it is smaller than what follows — a body that never ends is not read to its end. */
import { afterEach, describe, expect, it } from 'vitest';
import { handleAuthRequest } from '../src';
import { authHarness, PASSWORD } from './support';

let harness: Awaited<ReturnType<typeof authHarness>>;
afterEach(async () => harness?.dispose());

const MAX = 4 * 1024;

function endlessBody(chunkBytes = 1024) {
  let pulled = 0;
  const chunk = new Uint8Array(chunkBytes).fill(0x20);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

function post(body: NonNullable<RequestInit['body']>, headers: Record<string, string> = {}) {
  return handleAuthRequest(
    new Request(`${harness.base}/api/auth/sign-in/username`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: harness.host, origin: new URL(harness.base).origin, ...headers },
      body,
      duplex: 'half',
    } as RequestInit),
    harness,
  );
}

describe('the sign-in body is bounded at 4 KiB', () => {
  it('a Content-Length over 4 KiB → 413 before anything is read', async () => {
    harness = await authHarness();
    const { stream, pulled } = endlessBody();
    const response = await post(stream, { 'content-length': String(MAX + 1) });
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(16 * 1024);
  });

  it('a body without Content-Length that never ends → 413, read no further than 4 KiB', async () => {
    harness = await authHarness();
    const { stream, pulled } = endlessBody();
    const response = await Promise.race([
      post(stream),
      new Promise<Response>((_, reject) => setTimeout(() => reject(new Error('the sign-in body was read without end')), 5000)),
    ]);
    expect(response.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(MAX + 3 * 1024);
  });

  it('a Content-Length that lies (10 announced, 1 MiB sent) → 413, and no sign-in happens', async () => {
    harness = await authHarness();
    await harness.addUser('liar', 'viewer');
    const response = await post(JSON.stringify({ username: 'liar', password: PASSWORD, pad: 'x'.repeat(1024 * 1024) }), { 'content-length': '10' });
    expect(response.status).toBe(413);
    expect(await harness.db.session.count()).toBe(0);
  });

  it('a right sign-in just under 4 KiB still works', async () => {
    harness = await authHarness();
    await harness.addUser('padded', 'viewer');
    const body = JSON.stringify({ username: 'padded', password: PASSWORD, pad: ' '.repeat(MAX - 100) });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX);
    expect((await post(body)).status).toBe(200);
  });

  it('a body that is not JSON → 400 with a sentence', async () => {
    harness = await authHarness();
    const response = await post('username=a&password=b');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Send the username and password as JSON.');
  });
});
