/* Every procedure, fuzzed from its own input schema (see zod-arbitrary.ts), called as an admin: valid-shaped
 * inputs and malformed ones. Whatever comes in, the answer is either a result or a clear refusal — never an
 * internal error, never a stack or a source path, and a BAD_REQUEST always says which fields. Then the same
 * over HTTP through the fetch adapter, with bodies that are not JSON or not superjson. Seeded: a failure
 * reproduces. */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { getTRPCErrorShape, TRPCError, type AnyProcedure } from '@trpc/server';
import fc from 'fast-check';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createUser } from '@stowage/services';
import { appRouter, createCaller } from '../src/root';
import { createReplica, makeContext, principalFor, useApi, type FormattedError } from './support';
import { malformed, validShaped, type Override } from './zod-arbitrary';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createContextInner, type ApiContext } from '../src/trpc';

const SEED = 20_261_202;
/** Procedures that reach the network or the disk for a valid-shaped input (a live store check, a DNS lookup,
 * the demo's stores): as hostile as the others, but few runs each. */
const SLOW = new Set(['store.register', 'store.update', 'store.validate', 'store.probe', 'object.registerByUrl', 'overview.loadDemo']);
const RUNS = { valid: 40, malformed: 60, slow: 8 };

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);
const api = useApi();

let ctx: ApiContext;
let cleanup: () => void;
let tempRoot: string;
const seeded = { ids: [] as string[], zoneIds: [] as string[] };

beforeAll(async () => {
  ({ ctx, cleanup } = makeContext(api.db, principalFor('admin')));
  tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-fuzz-'));
  const caller = createCaller(ctx);
  const zone = await caller.zone.create({ name: 'fuzz-zone' });
  const storeDir = path.join(tempRoot, 'store');
  fs.mkdirSync(storeDir);
  fs.writeFileSync(path.join(tempRoot, 'file'), 'not a directory');
  const store = await caller.store.register({ name: 'fuzz-nfs', provider: 'nfs', role: 'record', zoneId: zone.id, config: { path: storeDir } });
  const { object, replica } = await createReplica(api.db, { storeId: store.id, state: 'ready' });
  const { user } = await createUser({ db: api.db, actor: 'test' }, { username: 'fuzzed', role: 'viewer' });
  seeded.zoneIds.push(zone.id);
  seeded.ids.push(zone.id, store.id, object.id, replica.id, user.id);
});

afterAll(() => {
  cleanup?.();
  if (tempRoot) fs.rmSync(tempRoot, { recursive: true, force: true });
});

/** Ids of rows that exist (so the fuzz gets past "not found"), half of the time. */
const override: Override = (key, schema) => {
  const type = (schema as unknown as { _zod: { def: { type: string } } })._zod.def.type;
  if (type === 'string' && /Ids?$/.test(key)) {
    return fc.oneof(fc.constantFrom(...seeded.ids), validShaped(schema));
  }
  if (key === 'config') {
    const paths = fc.constantFrom('store', 'missing', 'file', 'relative/x', '../escape', 'a\0b').map((name) =>
      name.startsWith('relative') ? name : name.startsWith('../') ? `${tempRoot}/${name}` : path.join(tempRoot, name),
    );
    return fc.oneof(fc.record({ path: paths }), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }));
  }
  return undefined;
};

/**
 * A fuzzed store path never names a real directory outside the test's temp root: the tests run as root, and
 * registering "/" would write the store's marker there. Paths that are refused before any disk access (relative,
 * "..", NUL) are left as they are.
 */
function confine(procedurePath: string, input: unknown): unknown {
  if (!procedurePath.startsWith('store.') || input === null || typeof input !== 'object') return input;
  const config = (input as { config?: unknown }).config;
  if (config === null || typeof config !== 'object') return input;
  const value = (config as { path?: unknown }).path;
  if (typeof value !== 'string' || !value.trim().startsWith('/') || value.includes('\0') || value.split('/').includes('..')) return input;
  if (path.normalize(value.trim()).startsWith(tempRoot)) return input;
  return { ...input, config: { ...config, path: path.join(tempRoot, 'outside', value) } };
}

function procedureAt(caller: ReturnType<typeof createCaller>, procedurePath: string): (input: unknown) => Promise<unknown> {
  let at: unknown = caller;
  for (const part of procedurePath.split('.')) at = (at as Record<string, unknown>)[part];
  return at as (input: unknown) => Promise<unknown>;
}

const STACK_FRAME = /\n\s*at |\bat .+:\d+:\d+/;
const SOURCE_PATH = /(?:\/[\w.@-]+)+\.(?:ts|tsx|js|mjs|cjs)\b|node_modules/;

/** What is wrong with a refusal, or null when it is a clear one. */
function problemWith(error: unknown, procedurePath: string): string | null {
  if (!(error instanceof TRPCError)) return `threw ${String(error)} instead of a TRPCError`;
  const shape = getTRPCErrorShape({ config: appRouter._def._config, error, type: 'unknown', path: procedurePath, input: undefined, ctx: undefined }) as FormattedError;
  const { message, data } = shape;
  const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : String(error.cause);
  if (data.code === 'INTERNAL_SERVER_ERROR') return `INTERNAL_SERVER_ERROR (cause: ${cause.slice(0, 300)})`;
  if (typeof message !== 'string' || message.trim().length === 0) return `${data.code} with an empty message`;
  if (message.length > 2000) return `${data.code} with a message of ${message.length} characters`;
  if (!/^[\p{Lu}\p{N}"'(]/u.test(message) || !/[.!?)"]$/.test(message)) return `${data.code} message is not a sentence: ${JSON.stringify(message.slice(0, 200))}`;
  if (STACK_FRAME.test(message) || SOURCE_PATH.test(message)) return `${data.code} message shows internals: ${JSON.stringify(message.slice(0, 300))}`;
  if (data.code === 'BAD_REQUEST' && (!data.fieldErrors || Object.keys(data.fieldErrors).length === 0)) {
    return `BAD_REQUEST without field errors: ${JSON.stringify(message)}`;
  }
  if (data.fieldErrors) {
    for (const [field, messages] of Object.entries(data.fieldErrors)) {
      for (const text of messages) if (STACK_FRAME.test(text) || SOURCE_PATH.test(text)) return `field error on ${field} shows internals: ${text.slice(0, 200)}`;
    }
  }
  return null;
}

const preview = (value: unknown) => {
  try {
    const text = fc.stringify(value);
    return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
  } catch {
    return String(value);
  }
};

async function fuzz(procedurePath: string, inputs: fc.Arbitrary<unknown>, numRuns: number) {
  const caller = createCaller(ctx);
  const call = procedureAt(caller, procedurePath);
  const problems: string[] = [];
  await fc.assert(
    fc.asyncProperty(inputs, async (raw) => {
      const input = confine(procedurePath, raw);
      try {
        await call(input);
      } catch (error) {
        const problem = problemWith(error, procedurePath);
        if (problem) {
          problems.push(`${problem}\n    input: ${preview(input)}`);
          return false;
        }
      }
      return true;
    }),
    {
      seed: SEED,
      numRuns,
      endOnFailure: true,
      // The counterexample may hold a 1 MB string: say what went wrong and a preview of the input, not all of it.
      reporter: (details) => {
        if (details.failed) throw new Error(`${procedurePath}: ${problems.at(-1) ?? details.errorInstance ?? 'failed'}`);
      },
    },
  );
}

describe('every procedure, fuzzed from its own schema as an admin', () => {
  it('finds the procedures and their input parsers', () => {
    expect(procedures.length).toBeGreaterThan(30);
    for (const [, procedure] of procedures) expect(procedure._def.inputs.length).toBeLessThanOrEqual(1);
  });

  it.each(procedures)('%s: valid-shaped and malformed inputs get a result or a clear refusal', async (procedurePath, procedure) => {
    const schema = procedure._def.inputs[0] as z.ZodType | undefined;
    const slow = SLOW.has(procedurePath);
    if (schema) {
      await fuzz(procedurePath, validShaped(schema, { override }), slow ? RUNS.slow : RUNS.valid);
      await fuzz(procedurePath, malformed(schema, { override }), slow ? RUNS.slow : RUNS.malformed);
    } else {
      // No input declared: whatever is sent is ignored or refused, never a crash.
      await fuzz(procedurePath, malformed(validShapedNothing), slow ? 2 : 6);
    }
  });
});

/** A procedure with no input: the malformed values of an empty object stand in. */
const validShapedNothing = { _zod: { def: { type: 'object', shape: {} } } } as unknown as z.ZodType;

/* Over HTTP -------------------------------------------------------------------------------------------- */

async function post(procedurePath: string, body: NonNullable<RequestInit['body']>, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(`http://stowage.test/api/trpc/${procedurePath}`, { method: 'POST', headers, body }),
    router: appRouter,
    allowMethodOverride: false,
    createContext: () => createContextInner(ctx),
  });
  return { status: response.status, text: await response.text() };
}

async function get(url: string) {
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(`http://stowage.test${url}`),
    router: appRouter,
    allowMethodOverride: false,
    createContext: () => createContextInner(ctx),
  });
  return { status: response.status, text: await response.text() };
}

function expectClearHttpRefusal(result: { status: number; text: string }, statuses: number[] = [400, 404, 405, 413, 415]) {
  expect(statuses, result.text.slice(0, 300)).toContain(result.status);
  const body = JSON.parse(result.text) as unknown;
  const error = (Array.isArray(body) ? body[0] : body) as { error?: Parameters<typeof superjson.deserialize>[0] };
  expect(error.error).toBeDefined();
  const shape = superjson.deserialize(error.error!) as FormattedError;
  expect(shape.data.code).not.toBe('INTERNAL_SERVER_ERROR');
  expect(shape.message).toMatch(/^[\p{Lu}\p{N}"'(]/u);
  expect(result.text).not.toMatch(STACK_FRAME);
  expect(result.text).not.toMatch(SOURCE_PATH);
  expect(result.text).not.toMatch(/"stack"/);
}

describe('over HTTP: bodies that are not what the procedure reads', () => {
  it.each([
    ['not JSON at all', 'this is not json'],
    ['truncated JSON', '{"json":{"name":"a"'],
    ['a bare string', '"zone"'],
    ['a number', '42'],
    ['null', 'null'],
    ['an array', '[{"json":{"name":"a"}}]'],
    ['JSON with a NUL byte', '{"json":{"name":"a\\u0000b"}}'],
    ['deeply nested JSON', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['superjson with no json key', '{"meta":{"values":{"name":["undefined"]}}}'],
    ['superjson meta naming an unknown type', '{"json":{"name":"a"},"meta":{"values":{"name":["class", "Evil"]}}}'],
    ['superjson meta naming a path that does not exist', '{"json":{"name":"a"},"meta":{"values":{"x.y.z":["Date"]}}}'],
    ['superjson meta polluting the prototype', '{"json":{"name":"a"},"meta":{"values":{"__proto__.polluted":["undefined"]}}}'],
    ['superjson meta polluting through constructor', '{"json":{},"meta":{"values":{"constructor.prototype.polluted":["undefined"]}}}'],
    ['superjson meta with a bogus shape', '{"json":{"name":"b"},"meta":"nope"}'],
    ['superjson referential equalities that loop', '{"json":{"a":{},"b":{}},"meta":{"referentialEqualities":{"a":["b"],"b":["a"]}}}'],
    ['superjson Date from garbage', '{"json":{"name":"not a date"},"meta":{"values":{"name":["Date"]}}}'],
    ['superjson bigint from garbage', '{"json":{"name":"zz"},"meta":{"values":{"name":["bigint"]}}}'],
  ])('zone.create with %s → a clear 4xx, nothing polluted', async (_what, body) => {
    const result = await post('zone.create', body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (result.status === 200) return; // superjson made something valid of it (e.g. a dropped meta)
    expectClearHttpRefusal(result, [400, 404, 405, 409, 413, 415]);
  });

  it('a mutation sent as form data or plain text → 415', async () => {
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'name=zone'],
      ['text/plain', '{"json":{"name":"zone"}}'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nzone\r\n--x--'],
    ] as const) {
      const result = await post('zone.create', body, { 'content-type': type });
      expect([400, 415], `${type}: ${result.text.slice(0, 200)}`).toContain(result.status);
      expectClearHttpRefusal(result, [400, 415]);
    }
  });

  it('a query with an input that is not JSON, or a batch that does not match its inputs → 400', async () => {
    expectClearHttpRefusal(await get('/api/trpc/store.byId?input=%7Bnot-json'));
    expectClearHttpRefusal(await get(`/api/trpc/store.byId?input=${encodeURIComponent('{"json":{"storeId":"../../etc/passwd"}}')}`));
    // A batch answers each call on its own (207 when they differ): the refused one is still a clear refusal.
    const batch = await get('/api/trpc/store.byId,zone.list?batch=1&input=%5B1%2C2%5D');
    expect([207, 400]).toContain(batch.status);
    expectClearHttpRefusal({ status: 400, text: JSON.stringify((JSON.parse(batch.text) as unknown[])[0]) });
    expectClearHttpRefusal(await get('/api/trpc/store.byId?batch=1&input=%7B%220%22%3A%7B%22json%22%3A%5B%5D%7D%7D'), [400]);
  });

  it('a mutation sent as GET, a query sent as POST, an unknown procedure → a clear 4xx', async () => {
    expectClearHttpRefusal(await get('/api/trpc/zone.create?input=%7B%22json%22%3A%7B%22name%22%3A%22x%22%7D%7D'));
    expectClearHttpRefusal(await post('zone.list', '{}'));
    expectClearHttpRefusal(await post('zone.nope', '{}'));
    expectClearHttpRefusal(await post('__proto__.constructor', '{}'));
  });

  it('malformed inputs through the real encoding (superjson over HTTP) are clear refusals too', async () => {
    const schema = (appRouter._def.procedures as unknown as Record<string, AnyProcedure>)['store.update']!._def.inputs[0] as z.ZodType;
    let failure: string | undefined;
    await fc.assert(
      fc.asyncProperty(malformed(schema, { override }), async (raw) => {
        const input = confine('store.update', raw);
        try {
          // superjson's own serializer overflows the stack on 2000 levels; a client can still send them as plain JSON.
          let body: string;
          try {
            body = JSON.stringify(superjson.serialize(input));
          } catch {
            body = JSON.stringify({ json: input });
          }
          const result = await post('store.update', body);
          if (result.status !== 200) expectClearHttpRefusal(result, [400, 404, 409, 412, 413, 503]);
          return true;
        } catch (error) {
          failure = `${String(error).slice(0, 600)}\n    input: ${preview(input)}`;
          return false;
        }
      }),
      { seed: SEED, numRuns: 25, endOnFailure: true, reporter: (details) => {
        if (details.failed) throw new Error(`store.update over HTTP: ${failure ?? 'failed'}`);
      } },
    );
  });
});
