-- Acquires that waited for a copy already in flight are counted (as misses) instead of left out.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CacheStat" (
    "storeId" TEXT NOT NULL,
    "minute" DATETIME NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "misses" INTEGER NOT NULL DEFAULT 0,
    "bytesStaged" BIGINT NOT NULL DEFAULT 0,
    "evictedTtl" INTEGER NOT NULL DEFAULT 0,
    "evictedPressure" INTEGER NOT NULL DEFAULT 0,
    "evictedManual" INTEGER NOT NULL DEFAULT 0,
    "evictedFailed" INTEGER NOT NULL DEFAULT 0,
    "joined" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("storeId", "minute")
);
INSERT INTO "new_CacheStat" ("bytesStaged", "evictedFailed", "evictedManual", "evictedPressure", "evictedTtl", "hits", "minute", "misses", "storeId") SELECT "bytesStaged", "evictedFailed", "evictedManual", "evictedPressure", "evictedTtl", "hits", "minute", "misses", "storeId" FROM "CacheStat";
DROP TABLE "CacheStat";
ALTER TABLE "new_CacheStat" RENAME TO "CacheStat";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

