export type { ServiceContext } from './context';
export * from './lists';
export { createSecretBox, parseSecretKey, type SecretBox } from './secrets';

export { listZones } from './zones/list-zones';
export { createZone, createZoneInput } from './zones/create-zone';
export { renameZone, renameZoneInput } from './zones/rename-zone';
export { setZoneMode, setZoneModeInput, STALE_PREVIEW_MESSAGE } from './zones/set-zone-mode';
export { previewZoneModeChange, previewZoneModeChangeInput, type ZoneModePreview, type StoreChange } from './zones/preview-zone-mode-change';
export { deleteZone, deleteZoneInput } from './zones/delete-zone';
export type { ZoneView } from './zones/zone-view';

export { listStores, listStoresInput } from './stores/list-stores';
export { listStorePage, listStorePageInput, STORE_SORTS, type ListStorePageInput, type StorePage } from './stores/list-store-page';
export { getStore, getStoreInput } from './stores/get-store';
export { registerStore, registerStoreInput } from './stores/register-store';
export { updateStore, updateStoreInput } from './stores/update-store';
export { setStoreAdminState, setStoreAdminStateInput } from './stores/set-store-admin-state';
export { removeStore, removeStoreInput } from './stores/remove-store';
export { probeStore, probeStoreInput, probeStaleStores } from './stores/probe-store';
export type { StoreView, StoreCapacity } from './stores/store-view';

export { describeProviders, type ProviderDescription, type ConfigField } from './providers/describe-providers';
export { getOverview, type CacheOverWatermark, type Overview, type ProcessRestart, type RunningJobs, type StoreDown, type ZoneOverview } from './overview/get-overview';
export { listEvents, listEventsInput, eventOutcome, eventTypePattern, EVENT_OUTCOMES, type EventView, type EventPage, type ListEventsInput } from './events/list-events';
export { listEventFacets, EVENT_FACET_LIMIT, type EventFacets } from './events/list-event-facets';
export { recordEvent, type EventOutcome } from './events/record-event';
export { countingEvents } from './events/event-scope';
export { recordEventUnlessRepeated, REPEAT_WINDOW_MS } from './events/record-event-unless-repeated';
export { loadDemo, seedDemo } from './demo/seed-demo';
export { seedScale, seedScaleInput, type SeedScaleOptions, type SeedScaleReport } from './demo/scale/seed-scale';
export { defaultDatabaseUrl, loadSecretKey, prepareDataDir } from './runtime/prepare-data-dir';
export { dataDirVariables, databaseOptions } from './runtime/data-dir-environment';
export { installationId, INSTALLATION_ID_SETTING } from './runtime/installation-id';
export { validateStore, validateStoreInput, type StoreValidation, type ValidationCheck } from './stores/validate-store';
export { openStoreBackend } from './stores/open-store-backend';

export { tryLock, unlock } from './locks/try-lock';
export { runExclusivePass, type ExclusivePassOptions } from './locks/run-exclusive-pass';
export { bumpCacheGeneration, generationCheckedCache, GENERATION_CHECK_INTERVAL_MS, type CacheName } from './runtime/shared-cache';
export { DEFAULT_JOB_LEASE_MS, PROGRESS_INTERVAL_MS, DEFAULT_MAX_ATTEMPTS } from './jobs/job-tuning';
export { enqueueJob, type NewJob } from './jobs/enqueue-job';
export { claimJob, claimJobs, claimJobsInput, toClaimedJob, UNCLAIMABLE_SETTLE_MS, type ClaimedJob } from './jobs/claim-job';
export { findOverlappingClaims } from './jobs/find-overlapping-claims';
export { heartbeatJob, type Heartbeat } from './jobs/heartbeat-job';
export { succeedJob, retryJobLater, failJob, settleCancelledJob, handBackJob } from './jobs/settle-job';
export { JobLostError } from './jobs/job-lost-error';
export { isCopyJob, COPY_JOB_KINDS } from './jobs/copy-job-kinds';
export { cancelJob, cancelJobInput } from './jobs/cancel-job';
export { retryJobs, retryJobsInput, type RetryJobsInput } from './jobs/retry-jobs';
export { listFailures, listFailuresInput, findFailures } from './jobs/list-failures';
export { listJobs, listJobsInput, JOB_SORTS, type JobCounts, type JobsPage } from './jobs/list-jobs';
export type { JobView, TransferProgress } from './jobs/job-view';

export { markForReconcile } from './replicas/mark-for-reconcile';
export { startCopy } from './replicas/start-copy';
export { findCopySources, type CopySource } from './replicas/find-copy-sources';
export { completeReplica } from './replicas/complete-replica';
export { failReplica } from './replicas/fail-replica';
export { finishDestroy } from './replicas/finish-destroy';
export { countReplicaStates, emptyStateCounts, type ReplicaStateCounts, type StateCounts, type StoreStateCounts, type ZoneStateCounts } from './replicas/count-replica-states';

export { planReconcile, type ReconcileAction, type World, type PlannedObject } from './sync/plan-reconcile';
export { applyReconcileActions } from './sync/apply-reconcile-actions';
export { reconcile, loadWorld, toPlannedObject, type ReconcileResult } from './sync/reconcile';

export { objectKey } from './objects/object-key';
export { objectRegistration, objectRegistrationFields, placementNamesZones, placementRefinement, sha256Hex, type ObjectRegistration } from './objects/object-inputs';
export { createIngest, type CreatedIngest } from './objects/create-ingest';
export { completeIngest } from './objects/complete-ingest';
export { deleteObject, deleteObjectInput } from './objects/delete-object';
export { verifyObject, verifyObjectInput } from './objects/verify-object';
export { retrySelectedObjects, retrySelectedObjectsInput, type RetrySelectedResult } from './objects/retry-selected-objects';
export { listObjects, listObjectsInput, OBJECT_SORTS, OBJECT_ZONE_STATES, type ListObjectsInput, type ObjectList, type ObjectZoneState } from './objects/list-objects';
export { getObject, getObjectInput, type ObjectDetail, type ReplicaView } from './objects/get-object';
export type { Columns, ObjectStoreColumn, ObjectSummary, ZoneColumn } from './objects/object-views';
export type { SyncCell, SyncCellState } from './objects/sync-cell';

export { tryAcquire, acquireInput, holderName, ttlSeconds, type AcquireInput, type AcquireOutcome, type LeaseGrant, type LeaseToken } from './cache/acquire-lease';
export { awaitLease } from './cache/await-lease';
export { renewLease, releaseLease, renewInput, releaseInput, type LeaseCallOptions } from './cache/renew-lease';
export { runJanitor, type JanitorResult } from './cache/run-janitor';
export { pinEntry, pinEntryInput, evictEntryByHand, evictEntryInput, endLeaseByHand, listCacheZones } from './cache/manage-entry';
export { chooseVictims, evictEntry } from './cache/evict-entry';
export { grantReservations } from './cache/grant-reservations';
export { stagingSpace, capacityOf, OCCUPYING_STATES, type StagingSettings, type StagingSpace, type StagingStore } from './cache/staging-space';
export { liveLease, evictable, MIN_TTL_SECONDS, MAX_TTL_SECONDS } from './cache/lease-rules';
export { countCache, minuteOf, type EvictionReason } from './cache/cache-stats';
export { getCacheView, getCacheViewInput, type CacheView, type CachePoint } from './cache/get-cache-view';
export { listCacheEntries, listCacheEntriesInput, CACHE_ENTRY_SORTS, CACHE_ENTRY_STATES, type CacheEntryPage, type CacheEntryView, type ListCacheEntriesInput } from './cache/list-cache-entries';

export { ARGON2ID, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, hashPassword, verifyPassword, isCommonPassword, newPassword, typedPassword, generateOneTimePassword } from './users/password';
export { username, createUserInput, userIdInput, setUserRoleInput, setUserDisabledInput, changeOwnPasswordInput, placeholderEmail } from './users/user-inputs';
export { createUser, type CreateUserInput, type CreatedUser } from './users/create-user';
export { listUsers, type UserListItem } from './users/list-users';
export { endUserSessions } from './users/end-user-sessions';
export { setUserRole } from './users/set-user-role';
export { setUserDisabled } from './users/set-user-disabled';
export { resetUserPassword } from './users/reset-user-password';
export { changeOwnPassword } from './users/change-own-password';
export { ensureBootstrapAdmin, BOOTSTRAP_ADMIN, type BootstrapResult } from './users/ensure-bootstrap-admin';
export { SIGN_IN_LIMITS, checkSignInAllowed, recordSignInFailure, recordSignInSuccess, clearAccountLock, type SignInAttempt, type SignInGate } from './users/sign-in-throttle';
export type { UserView } from './users/user-view';

export { createAgentTokenInput, revokeAgentTokenInput, type CreateAgentTokenInput } from './tokens/token-inputs';
export { createAgentToken, type CreatedAgentToken } from './tokens/create-agent-token';
export { revokeAgentToken } from './tokens/revoke-agent-token';
export { listAgentTokens } from './tokens/list-agent-tokens';
export {
  verifyAgentToken,
  agentTokenVerifier,
  createAgentTokenVerifier,
  forgetAgentToken,
  tokenHasScope,
  tokenCoversZone,
  AGENT_TOKEN_STALE_MS,
  LAST_USED_INTERVAL_MS,
  type AgentTokenCheck,
  type AgentTokenIdentity,
  type AgentTokenRefusal,
  type AgentTokenVerifier,
} from './tokens/verify-agent-token';
export { AGENT_SECRET_PATTERN, agentSecretPrefix, hashAgentSecret } from './tokens/token-secret';
export type { AgentTokenView } from './tokens/token-view';

export { registerWorker, registerWorkerInput } from './workers/register-worker';
export { heartbeatWorker, heartbeatWorkerInput } from './workers/heartbeat-worker';
export { markWorkerStopped, markWorkerStoppedInput } from './workers/mark-worker-stopped';
export { pruneWorkers } from './workers/prune-workers';
export { listWorkers, type WorkerView } from './workers/list-workers';
export { recordWorkerStoreHealth, recordWorkerStoreHealthInput } from './workers/record-worker-store-health';
export { listWorkerStoreHealth, type WorkerStoreHealthView } from './workers/list-worker-store-health';
export { explainUnrunnableJobs, type UnrunnableExplanation, type UnrunnableJobs } from './workers/explain-unrunnable-jobs';
export { reachableStores, type ReachableStore } from './workers/reachable-stores';
export { reachesZone } from './workers/reaches-zone';
export { storesWithoutWorker } from './workers/stores-without-worker';
export { checkStoreFromWorker, checkNfsPath, nfsPathOf } from './workers/check-store-from-worker';
export { workerStatus, WORKER_HEARTBEAT_MS, WORKER_LIVE_HEARTBEATS, WORKER_PRUNE_AFTER_MS, WORKER_STORE_CHECK_MS, WORKER_OBJECT_STORE_CHECK_MS, type WorkerStatus } from './workers/worker-tuning';
export type { WorkerStoreHealthInput } from './workers/worker-inputs';

export { recordAccess, flushAccessHistory, bufferedAccesses, FLUSH_INTERVAL_MS, FLUSH_ROWS, type CacheAccessRecord } from './planner/record-access';
export { pruneAccessHistory } from './planner/prune-access-history';
export {
  getAccessHistorySettings,
  updateAccessHistorySettings,
  accessHistorySettingsInput,
  DEFAULT_ACCESS_HISTORY_DAYS,
  DEFAULT_ACCESS_HISTORY_ROWS,
  type AccessHistorySettings,
} from './planner/access-history-settings';
export { readAccessHistory, ACCESS_BATCH_ROWS } from './planner/read-access-history';
export { planZoneCapacity, planZoneCapacityInput } from './planner/plan-zone-capacity';
export { planImportedTrace } from './planner/plan-imported-trace';
export { exportAccessTrace, exportAccessTraceInput, TRACE_CSV_HEADER } from './planner/export-access-trace';
export { targetPercent, DEFAULT_TARGET_PERCENT } from './planner/planner-inputs';
export { accessRecordingEnabled, refreshAccessRecording, RECORDING_REFRESH_MS } from './planner/access-history-settings';
