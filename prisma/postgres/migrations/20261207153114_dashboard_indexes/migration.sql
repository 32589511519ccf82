-- DropIndex
DROP INDEX "DataObject_deletedAt_idx";

-- CreateIndex
CREATE INDEX "Job_state_finishedAt_id_idx" ON "Job"("state", "finishedAt", "id");

-- CreateIndex
CREATE INDEX "Job_state_sourceStoreId_targetStoreId_idx" ON "Job"("state", "sourceStoreId", "targetStoreId");

-- CreateIndex
CREATE INDEX "Job_state_ownerId_idx" ON "Job"("state", "ownerId");

