import { z } from 'zod';
import { entityId, OBJECT_FORMATS, OBJECT_KINDS, PLACEMENT_POLICIES, resourceName } from '@stowage/core';

export const sha256Hex = z
  .string()
  .trim()
  .regex(/^[a-fA-F0-9]{64}$/, 'A sha256 is 64 hexadecimal characters')
  .transform((value) => value.toLowerCase());

/** What every registration names, whether the bytes come from a URL or an upload. */
export const objectRegistrationFields = z.object({
  name: resourceName,
  kind: z.enum(OBJECT_KINDS),
  format: z.enum(OBJECT_FORMATS),
  originZoneId: entityId,
  placement: z.enum(PLACEMENT_POLICIES).default('all_zones'),
  zoneIds: z.array(entityId).max(500).default([]),
  expectedSha256: sha256Hex.optional(),
});

export const placementNamesZones = (value: { placement: string; zoneIds: string[] }) =>
  value.placement !== 'chosen_zones' || value.zoneIds.length > 0;
export const placementRefinement = { path: ['zoneIds'], message: 'Choose at least one zone' };

export const objectRegistration = objectRegistrationFields.refine(placementNamesZones, placementRefinement);
export type ObjectRegistration = z.output<typeof objectRegistrationFields>;
