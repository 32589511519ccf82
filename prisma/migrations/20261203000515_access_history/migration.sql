-- CreateTable
CREATE TABLE "CacheAccess" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "zoneId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "hit" BOOLEAN NOT NULL
);

-- CreateIndex
CREATE INDEX "CacheAccess_zoneId_at_id_idx" ON "CacheAccess"("zoneId", "at", "id");

-- CreateIndex
CREATE INDEX "CacheAccess_at_idx" ON "CacheAccess"("at");

