-- CreateIndex
CREATE INDEX "Job_createdAt_id_idx" ON "Job"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Job_updatedAt_id_idx" ON "Job"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Job_state_createdAt_id_idx" ON "Job"("state", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Job_kind_createdAt_id_idx" ON "Job"("kind", "createdAt", "id");

