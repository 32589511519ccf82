/* isCrossSiteRequest: a request that changes something is refused when a browser says it came from another
 * site (Sec-Fetch-Site other than same-origin, or an Origin that is not ours, or "null"); same-origin requests
 * and requests with neither header (not a browser: no ambient cookie of ours) pass; reads always pass.
 * Through the routes: packages/api/test/session-route.test.ts. */
import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, isCrossSiteRequest } from '../src';

const LOCAL = { publicUrl: undefined };
const PUBLIC = { publicUrl: 'https://stowage.example.com' };

const request = (method: string, headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/trpc/zone.create') =>
  new Request(url, { method, headers: { host: '127.0.0.1:3000', ...headers } });

describe('refused', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site: none', { 'sec-fetch-site': 'none' }],
    ['Sec-Fetch-Site cross-site even with our own Origin', { 'sec-fetch-site': 'cross-site', origin: 'http://127.0.0.1:3000' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['our host on another scheme\'s port', { origin: 'http://127.0.0.1:3001' }],
    ['an Origin that does not parse', { origin: '::::' }],
    ['a lookalike host', { origin: 'http://127.0.0.1:3000.evil.example' }],
  ])('POST with %s', (_what, headers) => {
    expect(isCrossSiteRequest(request('POST', headers), LOCAL)).toBe(true);
  });

  it.each(['PUT', 'PATCH', 'DELETE', 'post'])('%s with a foreign Origin', (method) => {
    expect(isCrossSiteRequest(request(method, { origin: 'https://evil.example' }), LOCAL)).toBe(true);
  });

  it('with a public URL: an Origin other than it, even one matching the Host header a client sent', () => {
    expect(isCrossSiteRequest(request('POST', { origin: 'https://evil.example', host: 'evil.example' }), PUBLIC)).toBe(true);
    expect(isCrossSiteRequest(request('POST', { origin: 'http://stowage.example.com' }), PUBLIC)).toBe(true);
  });

  it('answers 403 CROSS_SITE with a sentence, not cached', async () => {
    const response = crossSiteRefusal();
    expect(response.status).toBe(403);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: { code: 'CROSS_SITE', message: 'Refused: this request came from another site.', fieldErrors: null } });
  });
});

describe('allowed', () => {
  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['our own Origin without Sec-Fetch-Site', { origin: 'http://127.0.0.1:3000' }],
    ['no browser headers at all (curl, an agent)', {}],
  ])('POST with %s', (_what, headers) => {
    expect(isCrossSiteRequest(request('POST', headers), LOCAL)).toBe(false);
  });

  it('with a public URL: its own origin', () => {
    expect(isCrossSiteRequest(request('POST', { origin: 'https://stowage.example.com', host: 'internal:3000' }), PUBLIC)).toBe(false);
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('%s, whatever it says about where it came from', (method) => {
    const sources: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }, { origin: 'null' }];
    for (const headers of sources) {
      expect(isCrossSiteRequest(request(method, headers), LOCAL)).toBe(false);
    }
  });
});
