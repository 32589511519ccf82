export {
  createDb,
  databaseKind,
  postgresPoolOf,
  withSqlite,
  Prisma,
  type CreateDbOptions,
  type Db,
  type PostgresPool,
  type SqliteConnection,
  type SqliteStatement,
} from './client';
export { databaseKindOf, redactDatabaseUrl, type DatabaseKind } from './database-url';
export { applyMigrations, applyPostgresMigrations, migrateDatabase, DEFAULT_MIGRATIONS_DIR, POSTGRES_MIGRATIONS_DIR, type MigrationResult } from './migrate';
export { refreshNameKeys } from './refresh-name-keys';
export { bytesToNumber, numberToBytes } from './bytes';
export { isSerializationFailure } from './serializable-transactions';
export { isDatabaseUnavailable } from './database-unavailable';
export { afterCommit } from './after-commit';
export { bulkInsert, type BulkValue } from './bulk-insert';
export { DEFAULT_POOL_SIZE } from './postgres-pool';
export { claimJobRows, findOverlappingClaimRows, succeedJobRow, type ClaimedJobRow, type ClaimJobRowsOptions, type OverlappingClaims } from './job-claims';
export { moveToPostgres, verifyMove, TargetNotEmptyError, type MoveReport, type TableCheck } from './move-to-postgres';
export { leaseReadyEntry, releaseLeaseRow, renewLeaseRow, type LeaseReadyEntryInput, type LeaseRefusal, type LeaseToken, type ReadyEntryLease, type ReleaseOutcome, type RenewOutcome, type ZoneGuard } from './lease-hot-paths';
export { sessionByToken, type SessionWithUser } from './session-lookup';
export { readAccessBatch, type AccessBatch, type AccessBatchQuery } from './access-history';
export { readReplicaCounts, rollUpReplicaCounts, type ReplicaCountRow, type RollUpResult } from './replica-counts';
export { readJobCounts, rollUpJobCounts, type JobCountRow } from './job-counts';
