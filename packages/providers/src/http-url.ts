import { z } from 'zod';

/**
 * A provider's endpoint field: an http(s) URL with no credentials, query or fragment. Each provider
 * names the field, shows an example, and says where credentials go instead.
 */
export function httpUrlField(options: { label: string; example: string; credentialsGoIn: string }) {
  return z
    .string()
    .trim()
    .min(1, `${options.label} is required`)
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `Enter a URL such as ${options.example}` });
        return;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: 'Use an http:// or https:// URL' });
      }
      if (url.username !== '' || url.password !== '') {
        ctx.addIssue({ code: 'custom', message: `Do not put credentials in the URL: use ${options.credentialsGoIn}` });
      }
      if (value.includes('?') || value.includes('#')) {
        ctx.addIssue({ code: 'custom', message: `The ${options.label.toLowerCase()} must not have a query or a fragment` });
      }
    });
}
