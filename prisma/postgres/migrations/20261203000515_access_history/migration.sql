-- CreateTable
CREATE TABLE "CacheAccess" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "zoneId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "hit" BOOLEAN NOT NULL,

    CONSTRAINT "CacheAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CacheAccess_zoneId_at_id_idx" ON "CacheAccess"("zoneId", "at", "id");

-- CreateIndex
CREATE INDEX "CacheAccess_at_idx" ON "CacheAccess"("at");

