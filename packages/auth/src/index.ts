export { createAuth, deriveAuthSecret, SESSION_COOKIE, type Auth } from './create-auth';
export { DEFAULT_ABSOLUTE_TIMEOUT_S, DEFAULT_IDLE_TIMEOUT_S, servedOverHttps, type AuthSettings } from './auth-settings';
export { resolveSession, type SignedIn, type SessionLookup } from './resolve-session';
export { hasSessionCookie } from './session-cookie';
export { handleAuthRequest, type AuthRequestOptions } from './handle-auth-request';
export { isCrossSiteRequest, crossSiteRefusal } from './same-origin';
export { CLIENT_ADDRESS_HEADER, clientAddressOf } from './client-address';
