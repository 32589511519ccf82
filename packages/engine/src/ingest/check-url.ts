import { isIP } from 'node:net';
import { errors } from '@stowage/core';
import { checkAddress, type AllowedNetwork } from './network-policy';

export interface CheckUrlOptions {
  allowedNetworks?: readonly AllowedNetwork[];
  /** Phrase refusals as being about a redirect target rather than the URL that was given. */
  redirectTarget?: boolean;
}

/**
 * Parses and vets a URL before any connection: http(s) only, no credentials, and a host that is an IP
 * literal must be an allowed address. Hostnames are vetted after DNS resolution (see resolveAllowedAddresses).
 * WHATWG URL parsing already normalises odd IPv4 spellings (2130706433, 0x7f000001, 127.1) to dotted form.
 */
export function checkUrl(input: string | URL, options: CheckUrlOptions = {}): URL {
  const { allowedNetworks = [], redirectTarget = false } = options;
  const subject = redirectTarget ? 'redirect target' : 'URL';
  let url: URL;
  try {
    url = new URL(input);
  } catch (error) {
    throw errors.invalid(`Refused ${subject}: it is not a valid URL.`, undefined, error);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw errors.invalid(`Refused ${subject} (${url.protocol}): only http and https URLs can be registered.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw errors.invalid(`Refused ${subject}: URLs with credentials (user:password@) cannot be registered.`);
  }
  const literal = ipLiteral(url);
  const reason = literal === null ? null : checkAddress(literal, allowedNetworks);
  if (reason !== null) throw errors.invalid(`Refused ${subject} ${url.origin}: ${reason}.`);
  return url;
}

/** The host as an IP address when the URL names one directly (brackets of IPv6 literals removed). */
export function ipLiteral(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) === 0 ? null : host;
}
