import type { Db, Prisma } from './client';

type Task = (db: Db) => Promise<unknown>;
type TransactionClient = Db | Prisma.TransactionClient;

/** The tasks of each open interactive transaction, by its transaction client; each attempt of a retried one starts empty. */
const pending = new WeakMap<object, { db: Db; tasks: Task[] }>();

/**
 * Runs `task` once the transaction `tx` has committed, on the client that opened it (outside any transaction);
 * never when it rolls back, and once per commit even when a serialization failure ran the transaction again.
 * When `tx` is not a transaction (a plain client), `task` runs now.
 *
 * For writes that must not take part in the transaction's conflicts: a counter row every request bumps (a hot
 * row) makes concurrent SERIALIZABLE transactions on PostgreSQL abort one another; bumped after the commit by
 * one atomic statement, it only waits for its row lock. The price: a crash between the commit and the task
 * loses the task — right for statistics, wrong for anything an invariant rests on.
 */
export async function afterCommit(tx: TransactionClient, task: Task): Promise<void> {
  const transaction = pending.get(tx);
  if (transaction) transaction.tasks.push(task);
  else await task(tx as Db);
}

/** Gives `client`'s interactive transactions their after-commit tasks (see afterCommit). */
export function withAfterCommit(client: Db, onTaskError: (error: unknown) => void): Db {
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  async function afterCommitTransaction(first: unknown, ...rest: unknown[]) {
    if (typeof first !== 'function') return transaction(first, ...rest);
    const work = first as (tx: Prisma.TransactionClient) => Promise<unknown>;
    let tasks: Task[] = [];
    const result = await transaction(async (tx: Prisma.TransactionClient) => {
      tasks = [];
      pending.set(tx, { db: proxy, tasks });
      return work(tx);
    }, ...rest);
    for (const task of tasks) await task(proxy).catch(onTaskError);
    return result;
  }
  const proxy: Db = new Proxy(client, {
    get(target, property, receiver) {
      if (property === '$transaction') return afterCommitTransaction;
      return Reflect.get(target, property, receiver);
    },
  });
  return proxy;
}
