-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Lock" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Store" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "zoneId" TEXT,
    "config" TEXT NOT NULL,
    "secretsSealed" TEXT,
    "capacityBytes" BIGINT,
    "adminState" TEXT NOT NULL DEFAULT 'active',
    "lastProbeAt" DATETIME,
    "lastProbeOk" BOOLEAN,
    "lastProbeError" TEXT,
    "lastProbeLatencyMs" INTEGER,
    "probedTotalBytes" BIGINT,
    "probedFreeBytes" BIGINT,
    "maxConcurrentTransfers" INTEGER NOT NULL DEFAULT 4,
    "bandwidthLimitBps" BIGINT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Store_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Store" ("adminState", "capacityBytes", "config", "createdAt", "id", "lastProbeAt", "lastProbeError", "lastProbeLatencyMs", "lastProbeOk", "name", "probedFreeBytes", "probedTotalBytes", "provider", "role", "secretsSealed", "updatedAt", "zoneId") SELECT "adminState", "capacityBytes", "config", "createdAt", "id", "lastProbeAt", "lastProbeError", "lastProbeLatencyMs", "lastProbeOk", "name", "probedFreeBytes", "probedTotalBytes", "provider", "role", "secretsSealed", "updatedAt", "zoneId" FROM "Store";
DROP TABLE "Store";
ALTER TABLE "new_Store" RENAME TO "Store";
CREATE UNIQUE INDEX "Store_name_key" ON "Store"("name");
CREATE INDEX "Store_zoneId_idx" ON "Store"("zoneId");
CREATE TABLE "new_DataObject" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "sizeBytes" BIGINT,
    "sha256" TEXT,
    "originType" TEXT NOT NULL,
    "originUrl" TEXT,
    "originZoneId" TEXT,
    "placement" TEXT NOT NULL DEFAULT 'all_zones',
    "expectedSha256" TEXT,
    "deletedAt" DATETIME,
    "needsReconcile" BOOLEAN NOT NULL DEFAULT true,
    "reconcileToken" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DataObject_originZoneId_fkey" FOREIGN KEY ("originZoneId") REFERENCES "Zone" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_DataObject" ("createdAt", "deletedAt", "format", "id", "kind", "name", "originType", "originUrl", "originZoneId", "placement", "sha256", "sizeBytes", "updatedAt") SELECT "createdAt", "deletedAt", "format", "id", "kind", "name", "originType", "originUrl", "originZoneId", "placement", "sha256", "sizeBytes", "updatedAt" FROM "DataObject";
DROP TABLE "DataObject";
ALTER TABLE "new_DataObject" RENAME TO "DataObject";
CREATE UNIQUE INDEX "DataObject_name_key" ON "DataObject"("name");
CREATE INDEX "DataObject_needsReconcile_idx" ON "DataObject"("needsReconcile");
CREATE TABLE "new_Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "objectId" TEXT,
    "replicaId" TEXT,
    "sourceStoreId" TEXT,
    "targetStoreId" TEXT,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "runAfter" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ownerId" TEXT,
    "leaseExpiresAt" DATETIME,
    "heartbeatAt" DATETIME,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "bytesDone" BIGINT NOT NULL DEFAULT 0,
    "bytesTotal" BIGINT,
    "error" TEXT,
    "errorKind" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Job_objectId_fkey" FOREIGN KEY ("objectId") REFERENCES "DataObject" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Job_replicaId_fkey" FOREIGN KEY ("replicaId") REFERENCES "Replica" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Job_sourceStoreId_fkey" FOREIGN KEY ("sourceStoreId") REFERENCES "Store" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Job_targetStoreId_fkey" FOREIGN KEY ("targetStoreId") REFERENCES "Store" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Job" ("attempts", "bytesDone", "bytesTotal", "cancelRequested", "createdAt", "error", "errorKind", "finishedAt", "heartbeatAt", "id", "kind", "leaseExpiresAt", "maxAttempts", "objectId", "ownerId", "payload", "replicaId", "runAfter", "sourceStoreId", "startedAt", "state", "targetStoreId", "updatedAt") SELECT "attempts", "bytesDone", "bytesTotal", "cancelRequested", "createdAt", "error", "errorKind", "finishedAt", "heartbeatAt", "id", "kind", "leaseExpiresAt", "maxAttempts", "objectId", "ownerId", "payload", "replicaId", "runAfter", "sourceStoreId", "startedAt", "state", "targetStoreId", "updatedAt" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE INDEX "Job_state_runAfter_idx" ON "Job"("state", "runAfter");
CREATE INDEX "Job_objectId_idx" ON "Job"("objectId");
CREATE INDEX "Job_replicaId_state_idx" ON "Job"("replicaId", "state");
CREATE INDEX "Job_sourceStoreId_state_idx" ON "Job"("sourceStoreId", "state");
CREATE INDEX "Job_targetStoreId_state_idx" ON "Job"("targetStoreId", "state");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

