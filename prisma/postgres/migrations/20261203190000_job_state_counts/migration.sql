-- CreateIndex
CREATE INDEX "DataObject_deletedAt_idx" ON "DataObject"("deletedAt");

-- CreateTable
CREATE TABLE "JobStateCount" (
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "JobStateCount_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "JobCountDelta" (
    "id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "JobCountDelta_pkey" PRIMARY KEY ("id")
);

-- Jobs per state: every change to a job's state appends -1 for the old state and +1 for the new one, in the writer's
-- transaction (docs/architecture.md, "Counts per state"). Append-only rows: writers never wait on one another.
CREATE FUNCTION "job_count_delta"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "JobCountDelta" ("id", "state", "delta") VALUES (gen_random_uuid()::text, NEW."state", 1);
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO "JobCountDelta" ("id", "state", "delta") VALUES (gen_random_uuid()::text, OLD."state", -1);
    ELSIF OLD."state" IS DISTINCT FROM NEW."state" THEN
        INSERT INTO "JobCountDelta" ("id", "state", "delta") VALUES
            (gen_random_uuid()::text, OLD."state", -1),
            (gen_random_uuid()::text, NEW."state", 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Job_count_delta" AFTER INSERT OR DELETE OR UPDATE OF "state" ON "Job"
    FOR EACH ROW EXECUTE FUNCTION "job_count_delta"();

-- The jobs that exist already (the trigger's lock on Job holds writers off until this commits).
INSERT INTO "JobStateCount" ("state", "count") SELECT "state", COUNT(*)::int FROM "Job" GROUP BY "state";
