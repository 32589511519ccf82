import type { PrismaPg } from '@prisma/adapter-pg';

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;
type Query = Parameters<Transaction['executeRaw']>[0];

/**
 * Wraps @prisma/adapter-pg so that a transaction whose COMMIT fails gives its connection back to the pool.
 * Prisma sends COMMIT as a query and releases the connection only in commit(), which it skips when that query
 * throws — and on PostgreSQL a SERIALIZABLE transaction is often refused exactly there (40001 at COMMIT). Left
 * alone, every such refusal would keep one pooled connection checked out forever until the pool is empty.
 */
export class ReleasedTransactionsAdapter {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;

  constructor(private readonly inner: PrismaPg) {
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<Adapter> {
    return releasingFailedEnds(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<Adapter> {
    return releasingFailedEnds(await this.inner.connectToShadowDb());
  }
}

function releasingFailedEnds(adapter: Adapter): Adapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  return Object.assign(adapter, {
    startTransaction: async (isolationLevel?: Parameters<Adapter['startTransaction']>[0]): Promise<Transaction> => {
      const transaction = await startTransaction(isolationLevel);
      const executeRaw = transaction.executeRaw.bind(transaction);
      const commit = transaction.commit.bind(transaction);
      const rollback = transaction.rollback.bind(transaction);
      let ended = false;
      const once = (end: () => Promise<void>) => async () => {
        if (ended) return;
        ended = true;
        await end();
      };
      const released = Object.assign(transaction, { commit: once(commit), rollback: once(rollback) });
      return Object.assign(released, {
        executeRaw: async (query: Query) => {
          try {
            return await executeRaw(query);
          } catch (error) {
            // The server has ended the transaction; the connection is clean and goes back to the pool.
            if (query.sql === 'COMMIT' || query.sql === 'ROLLBACK') await released.rollback();
            throw error;
          }
        },
      });
    },
  });
}
