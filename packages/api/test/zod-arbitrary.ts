/* fast-check arbitraries read off a zod 4 schema (its `_zod.def`): `validShaped` gives values of the shape the
 * schema describes (lengths, bounds, patterns, enums; refinements are not solved, so some are still refused),
 * `malformed` gives what a hostile or broken client sends instead — wrong types, missing and extra fields, 1 MB
 * strings, NUL bytes, path escapes, odd unicode, deep nesting, NaN/±Infinity/-0, huge numbers, null or arrays
 * where objects go. */
import fc from 'fast-check';
import type { z } from 'zod';

/** What the walk reads of a zod 4 def; every field is optional because each def type has its own. */
interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: unknown[];
  items?: z.ZodType[];
  left?: z.ZodType;
  getter?: () => z.ZodType;
  format?: string;
  pattern?: RegExp;
}

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint;
  inclusive?: boolean;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Lets a caller put known values where the schema alone cannot guess them (the ids of seeded rows, say). */
export type Override = (key: string, schema: z.ZodType) => fc.Arbitrary<unknown> | undefined;

export interface ArbitraryOptions {
  override?: Override;
  /** Arrays and records are kept this short (default 4). */
  maxItems?: number;
}

const EDGE_STRINGS = ['', ' ', 'a', '0', '-', '.', 'é', 'Ä\u0308', 'ß', '😀', 'a b', 'x'.repeat(64), 'x'.repeat(255), 'x'.repeat(256)];

function stringBounds(def: Def): { min: number; max: number; patterns: RegExp[]; format?: string } {
  let min = 0;
  let max = 256;
  const patterns: RegExp[] = [];
  let format = def.format;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length') min = Math.max(min, c.minimum ?? 0);
    else if (c.check === 'max_length') max = Math.min(max, c.maximum ?? max);
    else if (c.check === 'length_equals') min = max = c.length ?? min;
    else if (c.check === 'string_format') {
      if (c.format === 'regex' && c.pattern) patterns.push(c.pattern);
      else format = c.format;
    }
  }
  if (def.pattern) patterns.push(def.pattern);
  return { min, max: Math.max(min, max), patterns, format };
}

function stringArbitrary(def: Def): fc.Arbitrary<string> {
  const { min, max, patterns, format } = stringBounds(def);
  const fit = (value: string) => value.slice(0, max).padEnd(min, 'a');
  const choices: fc.Arbitrary<string>[] = [
    fc.string({ minLength: min, maxLength: Math.min(max, 80) }),
    fc.string({ minLength: min, maxLength: Math.min(max, 40), unit: 'grapheme' }),
    fc.constantFrom(...EDGE_STRINGS).map(fit),
  ];
  if (format === 'url') choices.push(fc.webUrl().map(fit));
  if (format === 'email') choices.push(fc.emailAddress().map(fit));
  if (format === 'uuid' || format === 'guid') choices.push(fc.uuid());
  for (const pattern of patterns) {
    try {
      choices.push(fc.stringMatching(pattern).map(fit), fc.stringMatching(pattern).map(fit));
    } catch {
      // A pattern fast-check cannot generate from (unicode property escapes): the plain strings stand in.
    }
  }
  return fc.oneof(...choices);
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min = -Number.MAX_SAFE_INTEGER;
  let max = Number.MAX_SAFE_INTEGER;
  let integer = false;
  let minExclusive = false;
  let maxExclusive = false;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'number_format' && /int/.test(c.format ?? '')) integer = true;
    else if (c.check === 'greater_than') {
      min = Number(c.value);
      minExclusive = c.inclusive === false;
    } else if (c.check === 'less_than') {
      max = Number(c.value);
      maxExclusive = c.inclusive === false;
    }
  }
  if (integer) {
    const low = Math.ceil(minExclusive ? min + 1 : min);
    const high = Math.floor(maxExclusive ? max - 1 : max);
    return fc.oneof(fc.integer({ min: low, max: high }), fc.constantFrom(low, high, Math.max(low, Math.min(high, 0))));
  }
  return fc.oneof(
    fc.double({ min, max, noNaN: true, minExcluded: minExclusive, maxExcluded: maxExclusive }),
    fc.constantFrom(min, max).filter((value) => !(value === min && minExclusive) && !(value === max && maxExclusive)),
  );
}

/** Values of the shape `schema` describes. */
export function validShaped(schema: z.ZodType, options: ArbitraryOptions = {}, key = ''): fc.Arbitrary<unknown> {
  const overridden = options.override?.(key, schema);
  if (overridden) return overridden;
  const def = defOf(schema);
  const maxItems = options.maxItems ?? 4;
  const inner = (next: z.ZodType, at = key) => validShaped(next, options, at);
  switch (def.type) {
    case 'string':
      return stringArbitrary(def);
    case 'number':
      return numberArbitrary(def);
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      return fc.boolean();
    case 'date':
      return fc.date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') });
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'null':
      return fc.constant(null);
    case 'undefined':
    case 'void':
      return fc.constant(undefined);
    case 'array': {
      let minLength = 0;
      let maxLength = maxItems;
      for (const check of def.checks ?? []) {
        const c = check._zod.def;
        if (c.check === 'min_length') minLength = c.minimum ?? 0;
        if (c.check === 'max_length') maxLength = Math.min(maxLength, c.maximum ?? maxLength);
      }
      return fc.array(inner(def.element!), { minLength, maxLength: Math.max(minLength, maxLength) });
    }
    case 'tuple':
      return fc.tuple(...(def.items ?? []).map((item) => inner(item)));
    case 'object': {
      const shape = def.shape ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const [name, field] of Object.entries(shape)) {
        model[name] = inner(field, name);
        if (!acceptsUndefined(field)) requiredKeys.push(name);
      }
      return fc.record(model, { requiredKeys });
    }
    case 'record':
      return fc.dictionary(inner(def.keyType!).map(String), inner(def.valueType!), { maxKeys: maxItems });
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(inner(def.innerType!), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(inner(def.innerType!), { nil: null, freq: 3 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
    case 'success':
      return inner(def.innerType!);
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => inner(option)));
    case 'intersection':
      return inner(def.left!);
    case 'pipe':
      return inner(def.in!);
    case 'lazy':
      return inner(def.getter!());
    default:
      // transform, custom, unknown, any: nothing to go by.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function acceptsUndefined(schema: z.ZodType): boolean {
  const type = defOf(schema).type;
  if (type === 'optional' || type === 'default' || type === 'prefault' || type === 'undefined') return true;
  if (type === 'pipe') return acceptsUndefined(defOf(schema).in!);
  return false;
}

/* Malformed ------------------------------------------------------------------------------------------- */

const MiB = 1024 * 1024;
const HUGE = 'A'.repeat(MiB);

function deeplyNested(depth: number, leaf: unknown, kind: 'array' | 'object'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Values no field of any procedure should take, each of them a reason for a clear refusal. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  undefined,
  true,
  0,
  -0,
  NaN,
  Infinity,
  -Infinity,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 64,
  5e-324,
  123n,
  '',
  ' ',
  '\0',
  'a\0b',
  '../../etc/passwd',
  '/etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'file:///etc/passwd',
  '\u202eevil\u202c',
  '\uD800',
  '\uFEFF',
  'Ω≈ç√∫˜µ≤≥÷',
  '𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐',
  '<script>alert(1)</script>',
  "'; DROP TABLE Zone; --",
  '${jndi:ldap://x}',
  'constructor',
  '__proto__',
  HUGE,
  [],
  [1, 'two', null],
  {},
  { __proto__: { admin: true } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  new Date(Number.NaN),
  new Date(8.64e15),
  deeplyNested(2000, 'x', 'array'),
  deeplyNested(2000, 'x', 'object'),
];

type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = [], out: Path[] = [], depth = 0): Path[] {
  out.push(at);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Date) return out;
  for (const [key, child] of Object.entries(value)) pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key], out, depth + 1);
  return out;
}

function clone(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(clone);
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, clone(child)]));
}

type Mutation = 'replace' | 'delete' | 'extra' | 'wrap-in-array';

function mutate(value: unknown, path: Path, mutation: Mutation, hostile: unknown, extraKey: string): unknown {
  if (path.length === 0) {
    if (mutation === 'wrap-in-array') return [value];
    if (mutation === 'extra' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return { ...(value as object), [extraKey]: hostile };
    }
    return hostile;
  }
  const root = clone(value) as Record<string | number, unknown>;
  let parent = root;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  switch (mutation) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'extra': {
      const target = parent[last];
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[extraKey] = hostile;
      else parent[last] = hostile;
      break;
    }
    case 'wrap-in-array':
      parent[last] = [parent[last]];
      break;
    default:
      parent[last] = hostile;
  }
  return root;
}

/**
 * What a broken or hostile client sends where `schema` is expected: a valid-shaped value with one field (at any
 * depth) replaced by a hostile value, deleted, wrapped in an array, or joined by an unknown field — or a hostile
 * value instead of the whole input.
 */
export function malformed(schema: z.ZodType, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const hostile = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withNullPrototype: true }) },
  );
  const extraKey = fc.constantFrom('extra', '__proto__', 'constructor', 'isAdmin', 'role', '', '\0', 'a'.repeat(300));
  const mutated = fc
    .tuple(validShaped(schema, options), fc.nat(), fc.constantFrom<Mutation>('replace', 'replace', 'delete', 'extra', 'wrap-in-array'), hostile, extraKey)
    .map(([value, index, mutation, replacement, key]) => {
      const paths = pathsOf(value);
      return mutate(value, paths[index % paths.length]!, mutation, replacement, key);
    });
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: hostile });
}
