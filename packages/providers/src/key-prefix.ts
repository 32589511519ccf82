import { z } from 'zod';
import { checkPrefix } from './object-key';

/**
 * An optional key prefix inside a bucket or container: the rules of object keys, at most 512 bytes
 * (room is left for the keys themselves), normalised to end with "/".
 */
export const keyPrefixField = z
  .string()
  .superRefine((value, ctx) => {
    if (value.startsWith('/')) {
      ctx.addIssue({ code: 'custom', message: 'The prefix must not start with "/"' });
      return;
    }
    if (Buffer.byteLength(value, 'utf8') > 512) {
      ctx.addIssue({ code: 'custom', message: 'The prefix must be at most 512 bytes, to leave room for object keys' });
      return;
    }
    try {
      checkPrefix(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^Object key/, 'The prefix') });
    }
  })
  .transform((value) => (value === '' || value.endsWith('/') ? value : `${value}/`));
