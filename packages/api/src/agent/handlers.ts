/*
 * The agent API: plain JSON over HTTP for hypervisor agents checking images out of a zone's staging cache
 * (staging mode) or record store (backup mode). The routes (packages/api/src/routes.ts) wrap these in
 * agentRoute, which verifies the token and its scope (401 / 403); then the body is at most 64 KiB (else 413)
 * of JSON (else 415 / 400), the fields are valid (else 400 with field errors), and the zone — the target's for
 * acquire, the lease's for renew and release — is one the token covers (else 403). See docs/agent-api.md.
 */
import type { z } from 'zod';
import { isStowageError } from '@stowage/core';
import { awaitLease, releaseLease, renewLease, tokenCoversZone, type LeaseCallOptions, type LeaseToken, type ServiceContext } from '@stowage/services';
import type { AgentCall } from '../agent-route';
import { clientGone, errorResponse, invalidInput, json, readJsonObject } from './http';
import type { AgentAnswer, AgentRequest } from './message';
import { resolveAcquireTarget } from './resolve-target';
import { agentAcquireBody, agentReleaseBody, agentRenewBody, leaseIdParam } from './schemas';

/** A route's dynamic segment as Next.js passes it (a promise since Next 15), or a plain object in tests. */
export type LeaseParams = { leaseId: string } | Promise<{ leaseId: string }>;

const leaseToken = (call: AgentCall): LeaseToken => ({ id: call.token.id, name: call.token.name });

/** A token limited to some zones may change only leases in them (checked in the lease's own transaction). */
const zoneGuard = (call: AgentCall): LeaseCallOptions =>
  call.token.zoneIds === null ? {} : { mayUseZone: (zoneId) => tokenCoversZone(call.token, zoneId) };

/**
 * POST /api/agent/v1/acquire { objectId | objectName, zoneId | zoneName, holder, ttlSeconds?, waitSeconds? }
 * → 200 { leaseId, location, uri, expiresAt, sizeBytes, sha256, objectId, zoneId, hit, waitedMs }.
 * Waits up to waitSeconds (default 60) while the entry is copied into the staging cache; then 503 with
 * Retry-After ("call acquire again"). A client that disconnects stops the wait, and a lease granted after it
 * went away is released at once, so a vanished caller never holds a pin.
 */
export async function handleAgentAcquire(request: AgentRequest, call: AgentCall): Promise<AgentAnswer> {
  const ctx = call.ctx;
  const signal = request.signal;
  try {
    const body = await readJsonObject(request);
    if (!body.ok) return body.response;
    const parsed = agentAcquireBody.safeParse(body.value ?? {});
    if (!parsed.success) return invalidInput(parsed.error);
    const input = parsed.data;
    const { objectId, zoneId } = await resolveAcquireTarget(ctx, input);
    if (!tokenCoversZone(call.token, zoneId)) {
      return await call.forbid(`This token does not cover zone ${input.zoneName ?? zoneId}.`, { zoneId });
    }
    if (signal.aborted) return clientGone();
    const work = awaitLease(
      ctx,
      { objectId, zoneId, holder: input.holder, ...(input.ttlSeconds === undefined ? {} : { ttlSeconds: input.ttlSeconds }) },
      { waitMs: input.waitSeconds * 1000, signal, token: leaseToken(call) },
    );
    const outcome = await untilAborted(work, signal);
    if (outcome === ABORTED || signal.aborted) {
      releaseWhenGranted(ctx, work);
      return clientGone();
    }
    const { lease, hit, waitedMs } = outcome;
    return json(200, {
      leaseId: lease.leaseId,
      location: lease.location,
      uri: lease.uri,
      expiresAt: lease.expiresAt.toISOString(),
      sizeBytes: lease.sizeBytes,
      sha256: lease.sha256,
      objectId: lease.objectId,
      zoneId: lease.zoneId,
      hit,
      waitedMs,
    });
  } catch (error) {
    if (signal.aborted) return clientGone();
    return errorResponse(error, 'acquire');
  }
}

/** POST /api/agent/v1/leases/{leaseId}/renew { ttlSeconds? } → 200 { leaseId, expiresAt }. */
export function handleAgentRenew(request: AgentRequest, call: AgentCall, params: LeaseParams): Promise<AgentAnswer> {
  return handleLeaseCall(request, call, params, agentRenewBody, 'renew', async (leaseId, { ttlSeconds }) => {
    const renewed = await renewLease(call.ctx, { leaseId, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) }, zoneGuard(call));
    return { leaseId: renewed.leaseId, expiresAt: renewed.expiresAt.toISOString() };
  });
}

/**
 * POST /api/agent/v1/leases/{leaseId}/release and DELETE /api/agent/v1/leases/{leaseId}
 * → 200 { leaseId, released, endReason }. Idempotent: releasing an ended lease answers released: false
 * and how it ended ("released" or "expired").
 */
export function handleAgentRelease(request: AgentRequest, call: AgentCall, params: LeaseParams): Promise<AgentAnswer> {
  return handleLeaseCall(request, call, params, agentReleaseBody, 'release', async (leaseId) => {
    const result = await releaseLease(call.ctx, { leaseId }, zoneGuard(call));
    return { leaseId: result.leaseId, released: result.released, endReason: result.endReason };
  });
}

/** A call on one lease: lease id from the path, JSON body checked by `body`, then `work` → 200 (403 outside the token's zones). */
async function handleLeaseCall<Body>(
  request: AgentRequest,
  call: AgentCall,
  params: LeaseParams,
  body: z.ZodType<Body>,
  operation: string,
  work: (leaseId: string, body: Body) => Promise<unknown>,
): Promise<AgentAnswer> {
  try {
    const id = leaseIdParam.safeParse(await params);
    if (!id.success) return invalidInput(id.error);
    const sent = await readJsonObject(request);
    if (!sent.ok) return sent.response;
    const parsed = body.safeParse(sent.value ?? {});
    if (!parsed.success) return invalidInput(parsed.error);
    return json(200, await work(id.data.leaseId, parsed.data));
  } catch (error) {
    if (isStowageError(error) && error.code === 'FORBIDDEN') return call.forbid(error.message);
    return errorResponse(error, operation);
  }
}

/* Client disconnects ----------------------------------------------------------------------------------- */

const ABORTED = Symbol('aborted');

/** The work's result, or ABORTED as soon as the signal fires (the work itself may still be running). */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return ABORTED;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Ends the lease an abandoned acquire obtains (now or when its wait finishes); failures are only logged. */
function releaseWhenGranted(ctx: ServiceContext, work: Promise<{ lease: { leaseId: string } }>): void {
  void work.then(
    ({ lease }) =>
      releaseLease(ctx, { leaseId: lease.leaseId }).catch((error: unknown) => {
        console.error('[agent-api] could not release the lease of a disconnected client:', error);
      }),
    () => undefined,
  );
}
