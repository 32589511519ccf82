-- CreateTable
CREATE TABLE "ReplicaStateCount" (
    "storeId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,

    CONSTRAINT "ReplicaStateCount_pkey" PRIMARY KEY ("storeId","state")
);

-- CreateTable
CREATE TABLE "ReplicaCountDelta" (
    "id" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,

    CONSTRAINT "ReplicaCountDelta_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "ReplicaStateCount" ADD CONSTRAINT "ReplicaStateCount_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplicaCountDelta" ADD CONSTRAINT "ReplicaCountDelta_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Replica counts per (store, state): every change to a replica's store, state or size appends -1 (and minus its
-- bytes) for the old pair and +1 (plus its bytes) for the new one, in the writer's transaction
-- (docs/architecture.md, "Counts per state"). Append-only rows: writers never wait on one another for a counter.
CREATE FUNCTION "replica_count_delta"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "ReplicaCountDelta" ("id", "storeId", "state", "delta", "bytes")
        VALUES (gen_random_uuid()::text, NEW."storeId", NEW."state", 1, COALESCE(NEW."bytesTotal", 0));
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO "ReplicaCountDelta" ("id", "storeId", "state", "delta", "bytes")
        VALUES (gen_random_uuid()::text, OLD."storeId", OLD."state", -1, -COALESCE(OLD."bytesTotal", 0));
    ELSIF OLD."state" IS DISTINCT FROM NEW."state" OR OLD."storeId" IS DISTINCT FROM NEW."storeId"
        OR OLD."bytesTotal" IS DISTINCT FROM NEW."bytesTotal" THEN
        INSERT INTO "ReplicaCountDelta" ("id", "storeId", "state", "delta", "bytes") VALUES
            (gen_random_uuid()::text, OLD."storeId", OLD."state", -1, -COALESCE(OLD."bytesTotal", 0)),
            (gen_random_uuid()::text, NEW."storeId", NEW."state", 1, COALESCE(NEW."bytesTotal", 0));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "Replica_count_delta" AFTER INSERT OR DELETE OR UPDATE OF "state", "storeId", "bytesTotal" ON "Replica"
    FOR EACH ROW EXECUTE FUNCTION "replica_count_delta"();

-- The replicas that exist already (the trigger's lock on Replica holds writers off until this commits).
INSERT INTO "ReplicaStateCount" ("storeId", "state", "count", "bytes")
SELECT "storeId", "state", COUNT(*)::int, COALESCE(SUM("bytesTotal"), 0)::bigint FROM "Replica" GROUP BY "storeId", "state";
