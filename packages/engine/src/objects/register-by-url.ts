import { z } from 'zod';
import { isStowageError, errors } from '@stowage/core';
import { createIngest, objectRegistrationFields, placementNamesZones, placementRefinement, type CreatedIngest, type ServiceContext } from '@stowage/services';
import { checkUrl, parseAllowedNetworks, systemLookup, type LookupAll } from '../ingest';
import { resolveAllowedAddresses } from '../ingest/resolve-host';
import { getIngestSettings } from '../settings/ingest-settings';

export const registerByUrlInput = objectRegistrationFields
  .extend({ url: z.string().trim().min(1, 'Enter the URL to download from').max(2048, 'URLs are at most 2048 characters') })
  .refine(placementNamesZones, placementRefinement);

/**
 * Registers an object to be downloaded from a URL. The URL and every address its host resolves to are
 * checked now, so a refused URL is an error at the form; the worker checks again when it downloads.
 */
export async function registerObjectByUrl(
  ctx: ServiceContext,
  input: z.input<typeof registerByUrlInput>,
  options: { lookup?: LookupAll } = {},
): Promise<CreatedIngest> {
  const parsed = registerByUrlInput.safeParse(input);
  if (!parsed.success) throw errors.invalid('Check the highlighted fields.', z.flattenError(parsed.error).fieldErrors);
  const { url, ...registration } = parsed.data;
  const settings = await getIngestSettings(ctx.db);
  const allowedNetworks = parseAllowedNetworks(settings.allowedNetworks);
  try {
    const checked = checkUrl(url, { allowedNetworks });
    await resolveAllowedAddresses(checked, { allowedNetworks, lookup: options.lookup ?? systemLookup, redirectTarget: false });
  } catch (error) {
    // A host that does not resolve now is refused at the form (a typo, most often); the worker retries it.
    if (isStowageError(error) && (error.code === 'INVALID_INPUT' || error.code === 'UNAVAILABLE')) throw errors.invalid(error.message, { url: [error.message] });
    throw error;
  }
  return createIngest(ctx, registration, { type: 'url', url });
}
