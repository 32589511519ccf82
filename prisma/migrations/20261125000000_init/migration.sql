-- CreateTable
CREATE TABLE "Zone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'backup',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Store" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Store_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataObject" (
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
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DataObject_originZoneId_fkey" FOREIGN KEY ("originZoneId") REFERENCES "Zone" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlacementZone" (
    "objectId" TEXT NOT NULL,
    "zoneId" TEXT NOT NULL,

    PRIMARY KEY ("objectId", "zoneId"),
    CONSTRAINT "PlacementZone_objectId_fkey" FOREIGN KEY ("objectId") REFERENCES "DataObject" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlacementZone_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Replica" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "objectId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'allocated',
    "location" TEXT NOT NULL,
    "bytesDone" BIGINT NOT NULL DEFAULT 0,
    "bytesTotal" BIGINT,
    "verifiedSha256" TEXT,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "lastAccessAt" DATETIME,
    "error" TEXT,
    "readyAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Replica_objectId_fkey" FOREIGN KEY ("objectId") REFERENCES "DataObject" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Replica_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Lease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "replicaId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "acquiredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "renewedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "releasedAt" DATETIME,
    "endReason" TEXT,
    CONSTRAINT "Lease_replicaId_fkey" FOREIGN KEY ("replicaId") REFERENCES "Replica" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reservation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "storeId" TEXT NOT NULL,
    "replicaId" TEXT,
    "bytes" BIGINT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'waiting',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heldAt" DATETIME,
    "endedAt" DATETIME,
    "deadlineAt" DATETIME,
    CONSTRAINT "Reservation_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Reservation_replicaId_fkey" FOREIGN KEY ("replicaId") REFERENCES "Replica" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
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
    CONSTRAINT "Job_replicaId_fkey" FOREIGN KEY ("replicaId") REFERENCES "Replica" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'info',
    "message" TEXT NOT NULL,
    "data" TEXT,
    "zoneId" TEXT,
    "storeId" TEXT,
    "objectId" TEXT,
    "jobId" TEXT,
    CONSTRAINT "Event_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Event_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Event_objectId_fkey" FOREIGN KEY ("objectId") REFERENCES "DataObject" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Event_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Zone_name_key" ON "Zone"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Store_name_key" ON "Store"("name");

-- CreateIndex
CREATE INDEX "Store_zoneId_idx" ON "Store"("zoneId");

-- CreateIndex
CREATE UNIQUE INDEX "DataObject_name_key" ON "DataObject"("name");

-- CreateIndex
CREATE INDEX "PlacementZone_zoneId_idx" ON "PlacementZone"("zoneId");

-- CreateIndex
CREATE INDEX "Replica_storeId_state_idx" ON "Replica"("storeId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Replica_objectId_storeId_key" ON "Replica"("objectId", "storeId");

-- CreateIndex
CREATE INDEX "Lease_replicaId_releasedAt_idx" ON "Lease"("replicaId", "releasedAt");

-- CreateIndex
CREATE INDEX "Lease_expiresAt_idx" ON "Lease"("expiresAt");

-- CreateIndex
CREATE INDEX "Reservation_storeId_state_idx" ON "Reservation"("storeId", "state");

-- CreateIndex
CREATE INDEX "Job_state_runAfter_idx" ON "Job"("state", "runAfter");

-- CreateIndex
CREATE INDEX "Job_objectId_idx" ON "Job"("objectId");

-- CreateIndex
CREATE INDEX "Event_at_idx" ON "Event"("at");

-- CreateIndex
CREATE INDEX "Event_storeId_at_idx" ON "Event"("storeId", "at");

-- CreateIndex
CREATE INDEX "Event_objectId_at_idx" ON "Event"("objectId", "at");

