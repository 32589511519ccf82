import type { APIRequestContext, APIResponse } from '@playwright/test';

/**
 * The product's tRPC API as its own pages call it (superjson, one procedure per request), through a
 * Playwright request context: the context's cookies are the signed-in person.
 */
export interface TrpcError {
  message: string;
  code: number;
  data: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null };
}

export async function trpcAnswer<T>(response: APIResponse, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok()) throw new Error(`${what} answered ${response.status()}: ${text}`);
  return (JSON.parse(text) as { result: { data: { json: T } } }).result.data.json;
}

/** A mutation's raw response (for status checks). */
export function postMutation(request: APIRequestContext, path: string, input: unknown, headers: Record<string, string> = {}): Promise<APIResponse> {
  return request.post(`/api/trpc/${path}`, { headers: { 'content-type': 'application/json', ...headers }, data: JSON.stringify({ json: input ?? null }) });
}

/** A query's raw response. */
export function getQuery(request: APIRequestContext, path: string, input?: unknown): Promise<APIResponse> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return request.get(`/api/trpc/${path}${query}`);
}

export async function mutate<T = unknown>(request: APIRequestContext, path: string, input?: unknown): Promise<T> {
  return trpcAnswer<T>(await postMutation(request, path, input), path);
}

export async function query<T = unknown>(request: APIRequestContext, path: string, input?: unknown): Promise<T> {
  return trpcAnswer<T>(await getQuery(request, path, input), path);
}

export interface CreatedUser {
  user: { id: string; username: string; role: string };
  oneTimePassword: string | null;
}

/** Creates a user as the admin whose cookies `request` carries; a given password needs no change at first sign-in. */
export function createUser(request: APIRequestContext, input: { username: string; role: 'viewer' | 'operator' | 'admin'; password?: string }): Promise<CreatedUser> {
  return mutate<CreatedUser>(request, 'user.create', input);
}
