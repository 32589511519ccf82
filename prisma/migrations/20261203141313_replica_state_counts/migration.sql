-- CreateTable
CREATE TABLE "ReplicaStateCount" (
    "storeId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,

    PRIMARY KEY ("storeId", "state"),
    CONSTRAINT "ReplicaStateCount_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReplicaCountDelta" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "storeId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    CONSTRAINT "ReplicaCountDelta_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


-- Replica counts per (store, state): every change to a replica's store, state or size appends -1 (and minus its
-- bytes) for the old pair and +1 (plus its bytes) for the new one, in the writer's transaction
-- (docs/architecture.md, "Counts per state").
CREATE TRIGGER "Replica_count_insert" AFTER INSERT ON "Replica"
BEGIN
    INSERT INTO "ReplicaCountDelta" ("id", "storeId", "state", "delta", "bytes")
    VALUES (lower(hex(randomblob(16))), NEW."storeId", NEW."state", 1, COALESCE(NEW."bytesTotal", 0));
END;

CREATE TRIGGER "Replica_count_delete" AFTER DELETE ON "Replica"
BEGIN
    INSERT INTO "ReplicaCountDelta" ("id", "storeId", "state", "delta", "bytes")
    VALUES (lower(hex(randomblob(16))), OLD."storeId", OLD."state", -1, -COALESCE(OLD."bytesTotal", 0));
END;

CREATE TRIGGER "Replica_count_update" AFTER UPDATE OF "state", "storeId", "bytesTotal" ON "Replica"
WHEN OLD."state" IS NOT NEW."state" OR OLD."storeId" IS NOT NEW."storeId" OR OLD."bytesTotal" IS NOT NEW."bytesTotal"
BEGIN
    INSERT INTO "ReplicaCountDelta" ("id", "storeId", "state", "delta", "bytes") VALUES
        (lower(hex(randomblob(16))), OLD."storeId", OLD."state", -1, -COALESCE(OLD."bytesTotal", 0)),
        (lower(hex(randomblob(16))), NEW."storeId", NEW."state", 1, COALESCE(NEW."bytesTotal", 0));
END;

-- The replicas that exist already.
INSERT INTO "ReplicaStateCount" ("storeId", "state", "count", "bytes")
SELECT "storeId", "state", COUNT(*), COALESCE(SUM("bytesTotal"), 0) FROM "Replica" GROUP BY "storeId", "state";
