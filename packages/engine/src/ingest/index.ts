export { parseAllowedNetworks, checkAddress, type AllowedNetwork } from './network-policy';
export { checkUrl, type CheckUrlOptions } from './check-url';
export { systemLookup, type LookupAll } from './resolve-host';
export { isTransientFetchError } from './fetch-errors';
export { safeFetch, type SafeFetchOptions, type SafeFetchResult } from './safe-fetch';
