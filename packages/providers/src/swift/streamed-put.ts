import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { StorageError } from '../storage-error';
import { abortReason, statusError, timeoutError, transportError } from './swift-errors';

/** Keep-alive sockets for uploads, shared by every backend (idle ones do not keep the process alive). */
const AGENTS = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** How long to wait for "100 Continue" before sending the body anyway, for servers that never send it. */
const CONTINUE_FALLBACK_MS = 5_000;

export interface UploadResponse {
  status: number;
  headers: IncomingHttpHeaders;
}

type Outcome = { response: UploadResponse } | { error: StorageError };

/**
 * One PUT whose body is streamed with Transfer-Encoding: chunked, a chunk at a time with backpressure, so
 * memory stays flat whatever the size. It uses node:http because undici does not do `Expect: 100-continue`
 * over HTTP/1.1, and that is what makes uploads safe:
 *
 * - the headers go first and Swift answers "100 Continue" only once it has checked the token, the container
 *   and the object servers; a refused token comes back as 401 before a single byte of the body is used, so
 *   the caller can authenticate again and retry with the same, untouched, stream;
 * - the body is only ever ended by `finish()`. Until then the terminating chunk has not been sent, and
 *   `abort()` tears the connection down: Swift discards the partial upload and never creates the object.
 */
export class StreamedPut {
  private readonly request: http.ClientRequest;
  private outcome: Outcome | null = null;
  private continued = false;
  /** Called once when the outcome settles, by whatever is waiting. */
  private readonly waiters = new Set<() => void>();
  private readonly onAbort: () => void;

  constructor(
    url: URL,
    headers: Record<string, string>,
    private readonly options: { timeoutMs: number; what: string; signal?: AbortSignal },
  ) {
    const secure = url.protocol === 'https:';
    this.request = (secure ? https : http).request(url, {
      method: 'PUT',
      headers: { ...headers, 'transfer-encoding': 'chunked', expect: '100-continue' },
      agent: secure ? AGENTS.https : AGENTS.http,
    });
    this.request.on('continue', () => {
      this.continued = true;
      this.notify();
    });
    this.request.on('response', (response) => {
      response.on('error', () => undefined);
      response.resume();
      this.settle({ response: { status: response.statusCode ?? 0, headers: response.headers } });
    });
    this.request.on('error', (error) => this.settle({ error: transportError(error, options.what, options.signal) }));

    const { signal } = options;
    this.onAbort = () => this.request.destroy(abortReason(signal!));
    if (signal?.aborted) this.onAbort();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * Waits until the body may be sent. Returns null to go ahead, or the answer Swift gave instead of
   * "100 Continue" (a 401, a 404…): then nothing of the body has been used.
   */
  async ready(): Promise<UploadResponse | null> {
    const fallbackMs = Math.min(CONTINUE_FALLBACK_MS, this.options.timeoutMs / 2);
    let proceed = false;
    await this.until(
      () => this.continued || proceed,
      this.options.timeoutMs,
      () => timeoutError(this.options.what),
      fallbackMs,
      () => {
        // Connected, yet no "100 Continue": a server (or proxy) that ignores Expect. Send the body anyway.
        if (this.request.socket && !this.request.socket.connecting) proceed = true;
      },
    );
    if (this.outcome && 'error' in this.outcome) throw this.outcome.error;
    return this.outcome?.response ?? null;
  }

  /** Sends one chunk, waiting while Swift is not reading (and failing when it stops reading for too long). */
  async write(chunk: Buffer): Promise<void> {
    this.throwIfSettled();
    if (chunk.length === 0 || this.request.write(chunk)) return;
    let drained = false;
    const onDrain = () => {
      drained = true;
      this.notify();
    };
    this.request.on('drain', onDrain);
    try {
      await this.until(() => drained, this.options.timeoutMs, () => timeoutError(`${this.options.what}: Swift stopped reading`));
    } finally {
      this.request.off('drain', onDrain);
    }
    this.throwIfSettled();
  }

  /** Ends the body (only now does Swift commit it) and waits for the answer. */
  async finish(): Promise<UploadResponse> {
    if (!this.outcome) this.request.end();
    await this.until(() => false, this.options.timeoutMs, () => timeoutError(this.options.what));
    if (!this.outcome) throw timeoutError(this.options.what);
    if ('error' in this.outcome) throw this.outcome.error;
    return this.outcome.response;
  }

  /** Whether the request went out on a kept-alive socket (which the server may have closed meanwhile). */
  get reusedSocket(): boolean {
    return this.request.reusedSocket;
  }

  /** Tears the connection down before the body's end: Swift keeps nothing of this upload. */
  abort(reason: StorageError = new StorageError({ code: 'Aborted', message: `${this.options.what}: aborted` })): void {
    this.request.destroy(reason);
  }

  private throwIfSettled(): void {
    const { outcome } = this;
    if (!outcome) return;
    if ('error' in outcome) throw outcome.error;
    const { status } = outcome.response;
    if (status >= 300) throw statusError(status, this.options.what);
    throw new StorageError({ code: 'Unavailable', message: `${this.options.what}: Swift answered before the upload ended` });
  }

  private settle(outcome: Outcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Resolves once `done()` holds or the outcome settles. After `timeoutMs` the request is destroyed with
   * `onTimeout()` (which settles it); `tick` runs after `tickMs`, for the continue fallback.
   */
  private until(
    done: () => boolean,
    timeoutMs: number,
    onTimeout: () => StorageError,
    tickMs?: number,
    tick?: () => void,
  ): Promise<void> {
    if (done() || this.outcome) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const check = () => {
        if (!done() && !this.outcome) return;
        clearTimeout(timer);
        clearTimeout(ticker);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => this.request.destroy(onTimeout()), timeoutMs);
      const ticker =
        tick && tickMs !== undefined
          ? setTimeout(() => {
              tick();
              check();
            }, tickMs)
          : undefined;
      this.waiters.add(check);
    });
  }
}
