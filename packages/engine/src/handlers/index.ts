import type { JobHandler } from '../jobs/job-run';
import { copyReplica } from './copy-replica';
import { deleteReplica } from './delete-replica';
import { ingestObject } from './ingest-object';
import { verifyReplica } from './verify-replica';

export const JOB_HANDLERS: Record<string, JobHandler> = {
  ingest: ingestObject,
  backup: copyReplica,
  sync: copyReplica,
  stage: copyReplica,
  verify: verifyReplica,
  delete: deleteReplica,
};
