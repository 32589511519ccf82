import { randomBytes } from 'node:crypto';

/**
 * The Content-Security-Policy of every response: scripts only with this response's nonce (and what they load:
 * 'strict-dynamic'), no plugins, no <base>, no framing, connections and forms to this origin only. Styles allow
 * inline attributes (React renders style props as attributes). Development adds what hot reload needs.
 */
export function contentSecurityPolicy(nonce, { dev }) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** What every response carries besides its Content-Security-Policy (and HSTS over HTTPS), in this order. */
const COMMON_HEADERS = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
];

/**
 * The fixed headers of every API answer, as [name, value] pairs: JSON for programs, never a document to run
 * scripts in, so a fixed policy and no nonce to make (the agent API's hot path answers hundreds of calls a
 * second). The web process puts them on /api/*; the agent API's own server (apps/agent-api) on everything.
 */
export const API_SECURITY_HEADERS = Object.freeze([['Content-Security-Policy', API_POLICY], ...COMMON_HEADERS].map((pair) => Object.freeze(pair)));

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Headers on every response, pages, API and static files alike. A page's policy also goes on the request, where
 * Next.js finds the nonce and puts it on every script it renders. HSTS only when served over HTTPS.
 */
export function setSecurityHeaders(request, response, { https, dev }) {
  if (request.url?.startsWith('/api/')) {
    for (const [name, value] of API_SECURITY_HEADERS) response.setHeader(name, value);
  } else {
    const policy = contentSecurityPolicy(randomBytes(16).toString('base64'), { dev });
    request.headers['content-security-policy'] = policy;
    response.setHeader('Content-Security-Policy', policy);
    for (const [name, value] of COMMON_HEADERS) response.setHeader(name, value);
  }
  if (https) response.setHeader('Strict-Transport-Security', HSTS);
}
