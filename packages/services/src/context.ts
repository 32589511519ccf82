import type { Db } from '@stowage/db';
import type { SecretBox } from './secrets';

/** What every operation needs: the database, the secret box, and who is acting (for the audit trail). */
export interface ServiceContext {
  db: Db;
  secrets: SecretBox;
  actor: string;
}
