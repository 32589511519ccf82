import { type LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { errors } from '@stowage/core';
import { ipLiteral } from './check-url';
import { checkAddress, type AllowedNetwork } from './network-policy';

/** Resolves a hostname to every address it has (like `dns.lookup(host, { all: true })`). */
export type LookupAll = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const NO_SUCH_HOST = new Set(['ENOTFOUND', 'ENODATA']);

/** Resolves the URL's host and checks every address; refuses the whole host if any address is refused. */
export async function resolveAllowedAddresses(
  url: URL,
  options: { allowedNetworks: readonly AllowedNetwork[]; lookup: LookupAll; redirectTarget: boolean },
): Promise<LookupAddress[]> {
  const literal = ipLiteral(url);
  if (literal !== null) return [{ address: literal, family: isIP(literal) }];

  const subject = options.redirectTarget ? 'redirect target' : 'URL';
  let addresses: readonly LookupAddress[];
  try {
    addresses = await options.lookup(url.hostname);
  } catch (error) {
    // Even "no such host" is often a passing DNS outage: transient, so a download is retried later.
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const what = NO_SUCH_HOST.has(code) ? 'does not resolve' : 'could not be resolved';
    throw errors.unavailable(`The ${subject}'s host ${url.hostname} ${what} (${code || 'DNS error'}).`, error);
  }
  if (addresses.length === 0) throw errors.unavailable(`The ${subject}'s host ${url.hostname} does not resolve (no addresses).`);

  for (const { address } of addresses) {
    const reason = checkAddress(address, options.allowedNetworks);
    if (reason !== null) {
      throw errors.invalid(`Refused ${subject} ${url.origin}: ${url.hostname} resolves to ${address}, and ${reason}.`);
    }
  }
  return [...addresses];
}

/** A socket `lookup` that answers with the already-checked addresses, so the connection cannot be re-pointed by DNS. */
export function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  const [first] = addresses;
  if (first === undefined) throw new Error('pinnedLookup needs at least one address');
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [...addresses]);
    else callback(null, first.address, first.family);
  };
}
