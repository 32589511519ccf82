import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { watchUpload } from '../../src/objects/upload-body';

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

describe('an upload body that does not arrive whole', () => {
  it('a client that stalls is given up on after the idle time, with how far it got', async () => {
    const body = new PassThrough();
    const upload = watchUpload(body, { sizeBytes: 100, idleMs: 1000 });
    body.write(Buffer.alloc(10));
    await expect(pipeline(upload.stream, sink())).rejects.toThrow(
      'The upload was interrupted after 10 of 100 bytes (10 %): nothing arrived for 1 s. Nothing was kept; upload the file again.',
    );
    expect(body.destroyed).toBe(true);
  });

  it('a body that ends short of its size fails the same way', async () => {
    const body = new PassThrough();
    const upload = watchUpload(body, { sizeBytes: 100 });
    body.end(Buffer.alloc(40));
    await expect(pipeline(upload.stream, sink())).rejects.toThrow('The upload was interrupted after 40 of 100 bytes (40 %): the request ended early.');
  });

  it('a whole body passes untouched, and says nothing', async () => {
    const body = new PassThrough();
    const upload = watchUpload(body, { sizeBytes: 100, idleMs: 50 });
    body.end(Buffer.alloc(100));
    await pipeline(upload.stream, sink());
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([upload.received(), upload.interruption()]).toEqual([100, null]);
  });
});
