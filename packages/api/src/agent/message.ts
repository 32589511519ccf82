/*
 * What the agent handlers read and answer: a small request and answer of their own rather than the Fetch API's
 * Request and Response. The web app's route files convert (fetchAgentRequest, toFetchResponse); the agent API's
 * own server (apps/agent-api) builds an AgentRequest straight from node:http and writes the answer itself, so a
 * call there costs no WHATWG Request, Headers, body stream or Response (about a third of its CPU when it did).
 */

/** The body of a request as read: at most the limit asked for; `overLimit` when more was sent. */
export interface AgentBody {
  /** What was read; null when the body is empty. */
  bytes: Uint8Array | null;
  overLimit: boolean;
}

export interface AgentRequest {
  readonly method: string;
  /** The path without the query (the audit trail names it). */
  readonly pathname: string;
  /** A header's value by its lower-case name; null when absent. */
  header(name: string): string | null;
  /** Reads the body, no further than `limit` bytes and one chunk. */
  readBody(limit: number): Promise<AgentBody>;
  /** Gives up a body that will not be read (a refused call). */
  discardBody(): Promise<void>;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

/** An answer: its status, its JSON body and its headers (lower-case names; content-type is always JSON). */
export interface AgentAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A Fetch API Request (the web app's route files) as an AgentRequest. */
export function fetchAgentRequest(request: Request): AgentRequest {
  return {
    method: request.method,
    pathname: new URL(request.url).pathname,
    header: (name) => request.headers.get(name),
    readBody: (limit) => readFetchBody(request, limit),
    discardBody: async () => {
      await request.body?.cancel().catch(() => undefined);
    },
    signal: request.signal,
  };
}

async function readFetchBody(request: Request, limit: number): Promise<AgentBody> {
  if (!request.body) return { bytes: null, overLimit: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    chunks.push(value);
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { bytes: null, overLimit: true };
    }
  }
  return { bytes: size === 0 ? null : Buffer.concat(chunks, size), overLimit: false };
}

/** An AgentAnswer as the Fetch API Response the web app's route files return. */
export function toFetchResponse(answer: AgentAnswer): Response {
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}
