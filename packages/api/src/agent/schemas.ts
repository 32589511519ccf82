import { z } from 'zod';
import { entityId, resourceName } from '@stowage/core';
import { holderName, ttlSeconds } from '@stowage/services';

export const MAX_WAIT_SECONDS = 600;
export const DEFAULT_WAIT_SECONDS = 60;

/**
 * POST /api/agent/v1/acquire. The object and the zone are named by id or by name — exactly one of each.
 * Unknown fields are refused, so a typo (`ttl` for `ttlSeconds`) is an error rather than a silent default.
 */
export const agentAcquireBody = z
  .strictObject({
    objectId: entityId.optional(),
    objectName: resourceName.optional(),
    zoneId: entityId.optional(),
    zoneName: resourceName.optional(),
    holder: holderName,
    ttlSeconds: ttlSeconds.optional(),
    waitSeconds: z.number().int().min(0).max(MAX_WAIT_SECONDS).default(DEFAULT_WAIT_SECONDS),
  })
  .superRefine((body, ctx) => {
    const exactlyOne = (idKey: 'objectId' | 'zoneId', nameKey: 'objectName' | 'zoneName', what: string) => {
      const given = body as Partial<Record<string, unknown>>;
      const byId = given[idKey] !== undefined;
      const byName = given[nameKey] !== undefined;
      if (byId === byName) {
        const message = byId ? `Name the ${what} by ${idKey} or by ${nameKey}, not both` : `Name the ${what}: ${idKey} or ${nameKey}`;
        ctx.addIssue({ code: 'custom', path: [idKey], message });
        ctx.addIssue({ code: 'custom', path: [nameKey], message });
      }
    };
    exactlyOne('objectId', 'objectName', 'object');
    exactlyOne('zoneId', 'zoneName', 'zone');
  }, {
    // Also when other fields are wrong, so one answer lists every problem.
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
export type AgentAcquireBody = z.output<typeof agentAcquireBody>;

/** POST /api/agent/v1/leases/{leaseId}/renew (the body may be empty). */
export const agentRenewBody = z.strictObject({ ttlSeconds: ttlSeconds.optional() });

/** POST /api/agent/v1/leases/{leaseId}/release and DELETE /api/agent/v1/leases/{leaseId} (no fields). */
export const agentReleaseBody = z.strictObject({});

export const leaseIdParam = z.object({ leaseId: entityId });
