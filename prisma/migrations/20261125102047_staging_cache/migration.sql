-- DropIndex
DROP INDEX "Replica_storeId_state_idx";

-- DropIndex
DROP INDEX "Lease_replicaId_releasedAt_idx";

-- DropIndex
DROP INDEX "Lease_expiresAt_idx";

-- DropIndex
DROP INDEX "Reservation_storeId_state_idx";

-- CreateTable
CREATE TABLE "CacheStat" (
    "storeId" TEXT NOT NULL,
    "minute" DATETIME NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "misses" INTEGER NOT NULL DEFAULT 0,
    "bytesStaged" BIGINT NOT NULL DEFAULT 0,
    "evictedTtl" INTEGER NOT NULL DEFAULT 0,
    "evictedPressure" INTEGER NOT NULL DEFAULT 0,
    "evictedManual" INTEGER NOT NULL DEFAULT 0,
    "evictedFailed" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("storeId", "minute")
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
    "reservationPolicy" TEXT NOT NULL DEFAULT 'strict',
    "overcommitFactor" REAL NOT NULL DEFAULT 1.25,
    "highWatermarkPct" INTEGER NOT NULL DEFAULT 90,
    "lowWatermarkPct" INTEGER NOT NULL DEFAULT 75,
    "idleTtlSeconds" INTEGER NOT NULL DEFAULT 2592000,
    "reservationTimeoutSeconds" INTEGER NOT NULL DEFAULT 300,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Store_zoneId_fkey" FOREIGN KEY ("zoneId") REFERENCES "Zone" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Store" ("adminState", "bandwidthLimitBps", "capacityBytes", "config", "createdAt", "id", "lastProbeAt", "lastProbeError", "lastProbeLatencyMs", "lastProbeOk", "maxConcurrentTransfers", "name", "probedFreeBytes", "probedTotalBytes", "provider", "role", "secretsSealed", "updatedAt", "zoneId") SELECT "adminState", "bandwidthLimitBps", "capacityBytes", "config", "createdAt", "id", "lastProbeAt", "lastProbeError", "lastProbeLatencyMs", "lastProbeOk", "maxConcurrentTransfers", "name", "probedFreeBytes", "probedTotalBytes", "provider", "role", "secretsSealed", "updatedAt", "zoneId" FROM "Store";
DROP TABLE "Store";
ALTER TABLE "new_Store" RENAME TO "Store";
CREATE UNIQUE INDEX "Store_name_key" ON "Store"("name");
CREATE INDEX "Store_zoneId_idx" ON "Store"("zoneId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Replica_storeId_state_lastAccessAt_idx" ON "Replica"("storeId", "state", "lastAccessAt");

-- CreateIndex
CREATE INDEX "Lease_replicaId_releasedAt_expiresAt_idx" ON "Lease"("replicaId", "releasedAt", "expiresAt");

-- CreateIndex
CREATE INDEX "Lease_releasedAt_expiresAt_idx" ON "Lease"("releasedAt", "expiresAt");

-- CreateIndex
CREATE INDEX "Reservation_storeId_state_createdAt_idx" ON "Reservation"("storeId", "state", "createdAt");

