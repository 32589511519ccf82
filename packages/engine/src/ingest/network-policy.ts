import ipaddr from 'ipaddr.js';
import { errors } from '@stowage/core';

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** A network (address + prefix length) that may be fetched from even though it is not public. */
export type AllowedNetwork = readonly [IpAddress, number];

/** Well-known cloud metadata endpoints. Refused even inside an allowed network: they hand out credentials. */
const METADATA_ADDRESSES = new Set(
  ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'].map((ip) => ipaddr.parse(ip).toNormalizedString()),
);

const GLOBAL_UNICAST_IPV6 = ipaddr.parseCIDR('2000::/3');

const RANGE_DESCRIPTIONS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  reserved: 'a reserved address',
  rfc6052: 'a NAT64 address',
  rfc6145: 'an IPv4-translated address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
};

/** Parses CIDR strings ("10.0.0.0/8", "fd00::/8"); a bare IP means just that address (/32 or /128). */
export function parseAllowedNetworks(list: readonly string[]): AllowedNetwork[] {
  return list.map((entry) => {
    const text = entry.trim();
    if (isStrictCidr(text)) return ipaddr.parseCIDR(text);
    if (isStrictIp(text)) {
      const address = ipaddr.parse(text);
      return [address, address.kind() === 'ipv4' ? 32 : 128];
    }
    throw errors.invalid(`"${entry}" is not an IP address or CIDR network (e.g. 10.0.0.0/8).`, {
      allowedNetworks: [`"${entry}" is not an IP address or CIDR network.`],
    });
  });
}

/** Returns null when `ip` may be fetched from, otherwise why not (e.g. "127.0.0.1 is a loopback address"). */
export function checkAddress(ip: string, allowedNetworks: readonly AllowedNetwork[] = []): string | null {
  if (!ipaddr.isValid(ip)) return `${ip} is not an IP address`;
  const address = ipaddr.process(ip); // unwraps IPv4-mapped IPv6 (::ffff:a.b.c.d) so the IPv4 rules apply
  const wasMapped = address.kind() === 'ipv4' && ipaddr.parse(ip).kind() === 'ipv6';
  const name = wasMapped ? `${ip} (IPv4-mapped ${address.toString()})` : ip;

  if (METADATA_ADDRESSES.has(address.toNormalizedString())) return `${name} is a cloud metadata address`;
  if (allowedNetworks.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits))) {
    return null;
  }
  const range = address.range();
  if (range === 'unicast' && (address.kind() === 'ipv4' || address.match(GLOBAL_UNICAST_IPV6))) return null;
  if (range === 'unicast') return `${name} is not a global unicast address`;
  return `${name} is ${RANGE_DESCRIPTIONS[range] ?? `in the ${range} range`}`;
}

function isStrictIp(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

function isStrictCidr(text: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(text) || ipaddr.IPv6.isValidCIDR(text);
}
