import { setTimeout as sleep } from 'node:timers/promises';
import type { PrismaClient } from './generated/prisma/client';

/**
 * Attempts of one interactive transaction before its serialization failure is the caller's. Many processes
 * reserving space on one staging store conflict on its space on every miss: with pauses up to 250 ms, 40 attempts
 * wait up to about 8 s before giving up (20 attempts of up to 100 ms ran out on two busy cores).
 */
const MAX_ATTEMPTS = 40;
const MAX_PAUSE_MS = 250;

/**
 * On SQLite an interactive transaction runs alone (BEGIN IMMEDIATE: one writer at a time), and Stowage's
 * read-then-write transactions (reservations against a store's capacity, a lease against an eviction) rely on
 * it. On PostgreSQL the same guarantee is SERIALIZABLE isolation: a transaction that would have seen another's
 * writes fails with a serialization failure (or a deadlock) instead, and is run again from the start, with a
 * short jittered pause. So every interactive transaction on PostgreSQL is serializable and retried here, once
 * for every caller.
 */
export function withSerializableTransactions<Client extends PrismaClient>(client: Client): Client {
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const serializable = async (work: unknown, options?: Record<string, unknown>) => {
    if (typeof work !== 'function') return transaction(work, options);
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(work, { maxWait: 10_000, timeout: 20_000, ...options, isolationLevel: 'Serializable' });
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isSerializationFailure(error)) throw error;
        await sleep(Math.round(Math.random() * Math.min(MAX_PAUSE_MS, 2 ** attempt)));
      }
    }
  };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === '$transaction') return serializable;
      return Reflect.get(target, property, receiver);
    },
  });
}

/** A serialization failure (40001, Prisma's P2034) or a deadlock (40P01): the transaction can be run again. */
export function isSerializationFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const { code, originalCode, meta, message, cause } = current as { code?: unknown; originalCode?: unknown; meta?: { code?: unknown }; message?: unknown; cause?: unknown };
    // Prisma's P2034; the server's code, as Prisma reports it (meta.code) or as the driver adapter does when COMMIT itself fails (originalCode).
    if (code === 'P2034' || [code, originalCode, meta?.code].some((value) => value === '40001' || value === '40P01')) return true;
    if (typeof message === 'string' && /could not serialize access|deadlock detected/.test(message)) return true;
    current = cause;
  }
  return false;
}
