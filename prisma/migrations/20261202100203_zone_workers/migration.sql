-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "zones" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL,
    "stoppedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WorkerStoreHealth" (
    "workerId" TEXT NOT NULL,
    "storeId" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "checkedAt" DATETIME NOT NULL,

    PRIMARY KEY ("workerId", "storeId"),
    CONSTRAINT "WorkerStoreHealth_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WorkerStoreHealth_storeId_fkey" FOREIGN KEY ("storeId") REFERENCES "Store" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobClaim" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "outcome" TEXT,
    CONSTRAINT "JobClaim_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CacheGeneration" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Worker_heartbeatAt_idx" ON "Worker"("heartbeatAt");

-- CreateIndex
CREATE INDEX "WorkerStoreHealth_storeId_idx" ON "WorkerStoreHealth"("storeId");

-- CreateIndex
CREATE INDEX "JobClaim_workerId_claimedAt_idx" ON "JobClaim"("workerId", "claimedAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobClaim_jobId_attempt_key" ON "JobClaim"("jobId", "attempt");

