-- CreateIndex
CREATE INDEX "ReplicaCountDelta_storeId_state_idx" ON "ReplicaCountDelta"("storeId", "state");

