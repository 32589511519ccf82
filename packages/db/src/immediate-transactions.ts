import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { Mutex } from 'async-mutex';
import type Database from 'better-sqlite3';

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

/** The connection's page cache (64 MiB), in KiB. */
const PAGE_CACHE_KIB = 65_536;

/**
 * Wraps Prisma's better-sqlite3 adapter to fix two things about its single connection:
 *
 * 1. It opens transactions with a deferred `BEGIN`. With several processes on one WAL database (web,
 *    workers), a transaction that reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT when another
 *    process commits in between — the busy timeout cannot help a deferred transaction upgrade.
 *    `BEGIN IMMEDIATE` takes the write lock up front, where the busy timeout waits for it instead.
 * 2. Its lock orders transactions only among themselves: a query outside a transaction, issued while an
 *    interactive transaction awaits, runs on the same connection inside that transaction — and is undone if it
 *    rolls back. Here every use of the connection (a query, a whole transaction, `withConnection`) takes
 *    one lock in turn.
 */
export class ImmediateTransactionsAdapter {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;
  readonly #turn = new Mutex();
  #connection: Database.Database | null = null;

  constructor(private readonly inner: PrismaBetterSQLite3) {
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<Adapter> {
    const adapter = await this.inner.connect();
    this.#connection = connectionOf(adapter);
    // SQLite's default page cache is 2 MiB: the access history's appends (thousands of rows a second under load)
    // would push the hot paths' lease and replica pages out of it, and every hit would read them back.
    this.#connection.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    return this.#serialized(beginImmediately(adapter));
  }

  async connectToShadowDb(): Promise<Adapter> {
    return this.#serialized(beginImmediately(await this.inner.connectToShadowDb()));
  }

  /**
   * Runs `work` synchronously on the connection Prisma uses, in its turn (never inside someone's open
   * transaction). `null` when Prisma has not connected yet.
   */
  async withConnection<T>(work: (connection: Database.Database) => T): Promise<{ value: T } | null> {
    return this.#turn.runExclusive(() => (this.#connection ? { value: work(this.#connection) } : null));
  }

  #serialized(adapter: Adapter): Adapter {
    const turn = this.#turn;
    const queryRaw = adapter.queryRaw.bind(adapter);
    const executeRaw = adapter.executeRaw.bind(adapter);
    const executeScript = adapter.executeScript.bind(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    const dispose = adapter.dispose.bind(adapter);
    return Object.assign(adapter, {
      queryRaw: (query: Parameters<Adapter['queryRaw']>[0]) => turn.runExclusive(() => queryRaw(query)),
      executeRaw: (query: Parameters<Adapter['executeRaw']>[0]) => turn.runExclusive(() => executeRaw(query)),
      executeScript: (script: string) => turn.runExclusive(() => executeScript(script)),
      dispose: () => {
        this.#connection = null;
        return dispose();
      },
      startTransaction: async (isolationLevel?: Parameters<Adapter['startTransaction']>[0]): Promise<Transaction> => {
        const release = await turn.acquire();
        try {
          const transaction = await startTransaction(isolationLevel);
          const commit = transaction.commit.bind(transaction);
          const rollback = transaction.rollback.bind(transaction);
          return Object.assign(transaction, {
            commit: () => commit().finally(release),
            rollback: () => rollback().finally(release),
          });
        } catch (error) {
          release();
          throw error;
        }
      },
    });
  }
}

function connectionOf(adapter: Adapter): Database.Database {
  return (adapter as unknown as { client: Database.Database }).client;
}

function beginImmediately(adapter: Adapter): Adapter {
  const client = connectionOf(adapter);
  const prepare = client.prepare.bind(client);
  client.prepare = ((sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql)) as typeof client.prepare;
  return adapter;
}
