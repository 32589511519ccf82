export { moveToPostgres, TargetNotEmptyError, type MoveReport } from './move-to-postgres';
export { verifyMove, type TableCheck } from './verify-move';
