-- CreateIndex
CREATE INDEX "DataObject_deletedAt_idx" ON "DataObject"("deletedAt");

-- CreateTable
CREATE TABLE "JobStateCount" (
    "state" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "JobCountDelta" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "delta" INTEGER NOT NULL
);

-- Jobs per state: every change to a job's state appends -1 for the old state and +1 for the new one, in the writer's
-- transaction (docs/architecture.md, "Counts per state").
CREATE TRIGGER "Job_count_insert" AFTER INSERT ON "Job"
BEGIN
    INSERT INTO "JobCountDelta" ("id", "state", "delta") VALUES (lower(hex(randomblob(16))), NEW."state", 1);
END;

CREATE TRIGGER "Job_count_delete" AFTER DELETE ON "Job"
BEGIN
    INSERT INTO "JobCountDelta" ("id", "state", "delta") VALUES (lower(hex(randomblob(16))), OLD."state", -1);
END;

CREATE TRIGGER "Job_count_update" AFTER UPDATE OF "state" ON "Job"
WHEN OLD."state" IS NOT NEW."state"
BEGIN
    INSERT INTO "JobCountDelta" ("id", "state", "delta") VALUES
        (lower(hex(randomblob(16))), OLD."state", -1),
        (lower(hex(randomblob(16))), NEW."state", 1);
END;

-- The jobs that exist already.
INSERT INTO "JobStateCount" ("state", "count") SELECT "state", COUNT(*) FROM "Job" GROUP BY "state";
