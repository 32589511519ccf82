-- Names become unique regardless of case: nameKey holds the folded name, unique; name keeps the case typed.
-- The key is backfilled with lower(), which folds ASCII only; refreshNameKeys (packages/db) recomputes it with
-- nameKey() from @stowage/core at start-up. Names that already differ only in case are kept: the earliest
-- keeps the plain key, each later one gets "<key>#<id>", which no name can have ('#' is not allowed in names).
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Zone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'backup',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Zone" ("createdAt", "id", "mode", "name", "updatedAt", "nameKey") SELECT "createdAt", "id", "mode", "name", "updatedAt", CASE WHEN ROW_NUMBER() OVER (PARTITION BY lower("name") ORDER BY "createdAt", "id") = 1 THEN lower("name") ELSE lower("name") || '#' || "id" END FROM "Zone";
DROP TABLE "Zone";
ALTER TABLE "new_Zone" RENAME TO "Zone";
CREATE UNIQUE INDEX "Zone_nameKey_key" ON "Zone"("nameKey");
CREATE TABLE "new_Store" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
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
INSERT INTO "new_Store" ("adminState", "bandwidthLimitBps", "capacityBytes", "config", "createdAt", "highWatermarkPct", "id", "idleTtlSeconds", "lastProbeAt", "lastProbeError", "lastProbeLatencyMs", "lastProbeOk", "lowWatermarkPct", "maxConcurrentTransfers", "name", "overcommitFactor", "probedFreeBytes", "probedTotalBytes", "provider", "reservationPolicy", "reservationTimeoutSeconds", "role", "secretsSealed", "updatedAt", "zoneId", "nameKey") SELECT "adminState", "bandwidthLimitBps", "capacityBytes", "config", "createdAt", "highWatermarkPct", "id", "idleTtlSeconds", "lastProbeAt", "lastProbeError", "lastProbeLatencyMs", "lastProbeOk", "lowWatermarkPct", "maxConcurrentTransfers", "name", "overcommitFactor", "probedFreeBytes", "probedTotalBytes", "provider", "reservationPolicy", "reservationTimeoutSeconds", "role", "secretsSealed", "updatedAt", "zoneId", CASE WHEN ROW_NUMBER() OVER (PARTITION BY lower("name") ORDER BY "createdAt", "id") = 1 THEN lower("name") ELSE lower("name") || '#' || "id" END FROM "Store";
DROP TABLE "Store";
ALTER TABLE "new_Store" RENAME TO "Store";
CREATE UNIQUE INDEX "Store_nameKey_key" ON "Store"("nameKey");
CREATE INDEX "Store_zoneId_idx" ON "Store"("zoneId");
CREATE TABLE "new_DataObject" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
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
INSERT INTO "new_DataObject" ("createdAt", "deletedAt", "expectedSha256", "format", "id", "kind", "name", "needsReconcile", "originType", "originUrl", "originZoneId", "placement", "reconcileToken", "sha256", "sizeBytes", "updatedAt", "nameKey") SELECT "createdAt", "deletedAt", "expectedSha256", "format", "id", "kind", "name", "needsReconcile", "originType", "originUrl", "originZoneId", "placement", "reconcileToken", "sha256", "sizeBytes", "updatedAt", CASE WHEN ROW_NUMBER() OVER (PARTITION BY lower("name") ORDER BY "createdAt", "id") = 1 THEN lower("name") ELSE lower("name") || '#' || "id" END FROM "DataObject";
DROP TABLE "DataObject";
ALTER TABLE "new_DataObject" RENAME TO "DataObject";
CREATE UNIQUE INDEX "DataObject_nameKey_key" ON "DataObject"("nameKey");
CREATE INDEX "DataObject_needsReconcile_idx" ON "DataObject"("needsReconcile");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

