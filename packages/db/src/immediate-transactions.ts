import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;
interface StatementSource {
  prepare(sql: string): unknown;
}

/**
 * The better-sqlite3 adapter opens transactions with a deferred `BEGIN`. With several processes on one WAL
 * database (web, workers), a transaction that reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT
 * when another process commits in between — the busy timeout cannot help a deferred transaction upgrade.
 * `BEGIN IMMEDIATE` takes the write lock up front, where the busy timeout waits for it instead.
 */
export class ImmediateTransactionsAdapter {
  readonly provider = 'sqlite' as const;
  readonly adapterName: string;

  constructor(private readonly inner: PrismaBetterSQLite3) {
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<Adapter> {
    return beginImmediately(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<Adapter> {
    return beginImmediately(await this.inner.connectToShadowDb());
  }
}

function beginImmediately(adapter: Adapter): Adapter {
  const client = (adapter as unknown as { client: StatementSource }).client;
  const prepare = client.prepare.bind(client);
  client.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql);
  return adapter;
}
