-- CreateIndex
CREATE INDEX "DataObject_createdAt_id_idx" ON "DataObject"("createdAt", "id");

-- CreateIndex
CREATE INDEX "DataObject_sizeBytes_id_idx" ON "DataObject"("sizeBytes", "id");

