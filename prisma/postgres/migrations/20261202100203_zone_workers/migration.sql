-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "zones" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerStoreHealth" (
    "workerId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkerStoreHealth_pkey" PRIMARY KEY ("workerId","storeId")
);

-- CreateTable
CREATE TABLE "JobClaim" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "outcome" TEXT,

    CONSTRAINT "JobClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CacheGeneration" (
    "name" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CacheGeneration_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "Worker_heartbeatAt_idx" ON "Worker"("heartbeatAt");

-- CreateIndex
CREATE INDEX "WorkerStoreHealth_storeId_idx" ON "WorkerStoreHealth"("storeId");

-- CreateIndex
CREATE INDEX "JobClaim_workerId_claimedAt_idx" ON "JobClaim"("workerId", "claimedAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobClaim_jobId_attempt_key" ON "JobClaim"("jobId", "attempt");

-- AddForeignKey
ALTER TABLE "WorkerStoreHealth" ADD CONSTRAINT "WorkerStoreHealth_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkerStoreHealth" ADD CONSTRAINT "WorkerStoreHealth_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobClaim" ADD CONSTRAINT "JobClaim_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

