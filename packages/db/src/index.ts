export { createDb, Prisma, type Db } from './client';
export { applyMigrations, DEFAULT_MIGRATIONS_DIR } from './migrate';
export { bytesToNumber, numberToBytes } from './bytes';
