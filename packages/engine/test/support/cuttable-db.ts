import type { Db } from '@stowage/db';

/** The database as a worker sees it while its connection is cut: every call fails until `restore()`. */
export function cuttable(db: Db): { db: Db; cut: () => void; restore: () => void } {
  let cut = false;
  // Lazy like Prisma's own promises: a query handed to $transaction fails only when awaited.
  const failure = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
  const fail = () => ({ then: (_: unknown, reject: (error: Error) => void) => reject(failure()) });
  const wrapped = new Proxy(db, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (!cut) return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      if (typeof value === 'function') return fail;
      if (value && typeof value === 'object') return new Proxy(value, { get: () => fail });
      return value;
    },
  });
  return { db: wrapped, cut: () => (cut = true), restore: () => (cut = false) };
}
