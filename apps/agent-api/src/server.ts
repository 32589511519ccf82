/*
 * The agent API's own HTTP server: node:http in front of the very routes the web app's route files call
 * (agentAcquire, agentRenew, agentRelease of @stowage/api), on the same paths. What it adds is
 * only what the web process adds around them — the client address header, the fixed API security headers,
 * the JSON answer to a request Node's parser refuses — plus the routing Next.js does: every other path is a
 * JSON 404, a wrong method a 405 with Allow. Agents are machines: nothing here renders, so a call costs what
 * the service costs, not what the framework costs.
 *
 * The routes read an AgentRequest and answer an AgentAnswer (packages/api/src/agent/message.ts), built here
 * straight from node:http, with no Fetch API Request or Response in between: the body is read first, whole,
 * into one Buffer (never more than the agent API's 64 KiB limit and one chunk; see readBody), the headers are
 * read from the parsed request, the abort signal exists only when a route asks for it, and the answer's JSON
 * is written with writeHead's flat header list and a Content-Length.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentAcquire, agentRelease, agentRenew, type AgentAnswer, type AgentErrorBody, type AgentRequest, type AgentRuntime } from '@stowage/api';
import { isDatabaseUnavailable } from '@stowage/db';
// Shared with the web process (plain JS, which it runs without a build step): one implementation of each.
import { setClientAddress } from '../../web/server/client-address.mjs';
import { answerClientError } from '../../web/server/client-error.mjs';
import { API_SECURITY_HEADERS } from '../../web/server/security-headers.mjs';

/**
 * The agent API's body limit (MAX_BODY_BYTES in packages/api/src/agent/http.ts): this server reads no more
 * than this and one chunk, and hands what it read to the handler, which answers 413 — after the token checks,
 * as in the web app. A test sends a body of exactly this size and one byte more, so a change on either side
 * that is not made on the other fails it.
 */
export const BODY_LIMIT_BYTES = 64 * 1024;

type Handler = (request: AgentRequest, runtime: AgentRuntime, leaseId: string) => Promise<AgentAnswer>;

interface Endpoint {
  /** The Allow header of a 405. */
  allow: string;
  methods: Partial<Record<string, Handler>>;
}

const ACQUIRE: Endpoint = { allow: 'POST', methods: { POST: (request, runtime) => agentAcquire(request, runtime, undefined) } };
const RENEW: Endpoint = { allow: 'POST', methods: { POST: (request, runtime, leaseId) => agentRenew(request, runtime, { leaseId }) } };
const RELEASE: Endpoint = { allow: 'POST', methods: { POST: (request, runtime, leaseId) => agentRelease(request, runtime, { leaseId }) } };
const LEASE: Endpoint = { allow: 'DELETE', methods: { DELETE: (request, runtime, leaseId) => agentRelease(request, runtime, { leaseId }) } };

const ACQUIRE_PATH = '/api/agent/v1/acquire';
const LEASE_PATH = /^\/api\/agent\/v1\/leases\/([^/]+)(?:\/(renew|release))?$/;

/** The endpoint a path names (the same paths as apps/web/src/app/api/agent/v1/**), and its lease id. */
export function endpointOf(pathname: string): { endpoint: Endpoint; leaseId: string } | null {
  if (pathname === ACQUIRE_PATH) return { endpoint: ACQUIRE, leaseId: '' };
  const match = LEASE_PATH.exec(pathname);
  if (!match) return null;
  let leaseId = match[1]!;
  try {
    leaseId = decodeURIComponent(leaseId); // as Next.js decodes a dynamic segment
  } catch {
    // Not valid percent-encoding: the handler refuses it as a malformed lease id (400).
  }
  return { endpoint: match[2] === 'renew' ? RENEW : match[2] === 'release' ? RELEASE : LEASE, leaseId };
}

/* Answers ------------------------------------------------------------------------------------------------ */

const SECURITY_HEADERS: readonly string[] = API_SECURITY_HEADERS.flat();

function writeAnswer(res: ServerResponse, status: number, payload: Buffer, headers: string[]): void {
  if (res.destroyed) return; // the client is gone: nobody to answer
  res.writeHead(status, [...SECURITY_HEADERS, ...headers, 'content-length', String(payload.byteLength)]);
  res.end(payload);
}

/** One of this server's own answers, in the agent API's one error shape. */
function writeError(res: ServerResponse, status: number, code: string, message: string, headers: string[] = []): void {
  const body: AgentErrorBody = { error: { message, code, fieldErrors: null } };
  writeAnswer(res, status, Buffer.from(JSON.stringify(body)), ['content-type', 'application/json', 'cache-control', 'no-store', ...headers]);
}

/** A route's answer on the wire. */
function writeAgentAnswer(res: ServerResponse, answer: AgentAnswer): void {
  const headers = ['content-type', 'application/json'];
  for (const [name, value] of Object.entries(answer.headers)) headers.push(name, value);
  writeAnswer(res, answer.status, Buffer.from(JSON.stringify(answer.body)), headers);
}

/* The body ---------------------------------------------------------------------------------------------- */

class ClientGone extends Error {}

interface Body {
  /** What was read (null: nothing, or an empty body). */
  bytes: Buffer | null;
  /** False when the body was not read to its end (over the limit): the rest is discarded after the answer. */
  complete: boolean;
}

/**
 * The request body, read whole into one Buffer, but no further than BODY_LIMIT_BYTES and one chunk: a body
 * declared larger by its Content-Length is not read at all (the handler answers 413 from the header, as in the
 * web app), one that grows past the limit (chunked) is handed over as read so far, which the handler refuses the
 * same way. Rejects with ClientGone when the client goes away first.
 */
function readBody(req: IncomingMessage): Body | Promise<Body> {
  const declared = req.headers['content-length'];
  if (declared === undefined ? req.headers['transfer-encoding'] === undefined : declared === '0') return { bytes: null, complete: true };
  if (declared !== undefined && Number(declared) > BODY_LIMIT_BYTES) return { bytes: null, complete: false };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > BODY_LIMIT_BYTES) {
        done();
        req.pause();
        resolve({ bytes: Buffer.concat(chunks, size), complete: false });
      }
    };
    const onEnd = () => {
      done();
      resolve({ bytes: size === 0 ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), complete: true });
    };
    const onGone = () => {
      done();
      reject(new ClientGone('the client went away while sending its request'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}

/** How long the rest of a body over the limit is read and thrown away after the answer, at most. */
export const DISCARD_MS = 5_000;

/**
 * After the answer to a body over the limit: what is still arriving is read and thrown away (never kept), so a
 * client still sending reads its 413 instead of a reset connection — for at most DISCARD_MS, then the connection
 * is cut. A client that stops in time keeps its connection.
 */
function discardRest(req: IncomingMessage): void {
  if (req.complete) return;
  const cut = setTimeout(() => req.socket.destroy(), DISCARD_MS).unref();
  const done = () => clearTimeout(cut);
  req.once('end', done);
  req.once('close', done);
  req.resume();
}

/* The request the routes read ------------------------------------------------------------------------- */

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The AgentRequest of a node:http request whose body has been read. The routes stop waiting (acquire) and release
 * what they got when the client goes away: the signal, made when a route first asks for it, aborts then.
 */
function agentRequestOf(req: IncomingMessage, res: ServerResponse, method: string, pathname: string, body: Body): AgentRequest {
  let controller: AbortController | undefined;
  let gone = false;
  res.once('close', () => {
    if (res.writableFinished) return;
    gone = true;
    controller?.abort();
  });
  const overLimit = (limit: number) => !body.complete || (body.bytes?.byteLength ?? 0) > limit;
  return {
    method,
    pathname,
    header: (name) => headerOf(req, name),
    readBody: (limit) => Promise.resolve(overLimit(limit) ? { bytes: null, overLimit: true } : { bytes: body.bytes, overLimit: false }),
    // What a refused call did not read is thrown away after the answer (discardRest).
    discardBody: () => Promise.resolve(),
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (gone) controller.abort();
      }
      return controller.signal;
    },
  };
}

/* The server -------------------------------------------------------------------------------------------- */

export interface AgentServerOptions {
  /** The database and the secret box (and, in tests, a token verifier): what the web app's runtime gives the routes. */
  runtime: AgentRuntime;
  /** STOWAGE_TRUSTED_PROXY_HEADER: the client address is the last one of this header rather than the socket's peer. */
  trustedProxyHeader?: string | undefined;
}

/** The agent API as a node:http server (not yet listening). */
export function createAgentServer(options: AgentServerOptions): http.Server {
  const { runtime, trustedProxyHeader } = options;

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setClientAddress(req, trustedProxyHeader);
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const pathname = query < 0 ? url : url.slice(0, query);
    const found = endpointOf(pathname);
    if (!found) {
      writeError(res, 404, 'NOT_FOUND', 'There is no such endpoint: the agent API is /api/agent/v1/acquire and /api/agent/v1/leases/{leaseId} (see docs/agent-api.md).');
      return;
    }
    const method = req.method ?? '';
    const handler = found.endpoint.methods[method];
    if (!handler) {
      writeError(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; use ${found.endpoint.allow}.`, ['allow', found.endpoint.allow]);
      return;
    }
    const read = readBody(req);
    const body = read instanceof Promise ? await read : read;
    const request = agentRequestOf(req, res, method, pathname, body);
    writeAgentAnswer(res, await handler(request, runtime, found.leaseId));
    if (!body.complete) discardRest(req);
  };

  const server = http.createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      if (error instanceof ClientGone) {
        res.destroy();
        return;
      }
      // The handlers answer every failure they expect; this is one they did not (the database gone…).
      console.error('[agent-api] a request failed:', error);
      if (res.headersSent) res.destroy();
      else if (isDatabaseUnavailable(error)) writeError(res, 503, 'SERVICE_UNAVAILABLE', 'The database is not answering right now; try again in a few seconds.', ['retry-after', '2']);
      else writeError(res, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on the server.', ['connection', 'close']);
    });
  });
  server.on('clientError', answerClientError);
  return server;
}

/** "http://127.0.0.1:3001", "http://[::1]:3001" for a listening server's address. */
export function originOfAddress(address: string | AddressInfo | null): string {
  if (address === null || typeof address === 'string') return 'http://localhost';
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
