export { createDb, withSqlite, Prisma, type Db, type SqliteConnection, type SqliteStatement } from './client';
export { applyMigrations, DEFAULT_MIGRATIONS_DIR } from './migrate';
export { refreshNameKeys } from './refresh-name-keys';
export { bytesToNumber, numberToBytes } from './bytes';
