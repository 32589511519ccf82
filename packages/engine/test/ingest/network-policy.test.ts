import { describe, expect, it } from 'vitest';
import { StowageError } from '@stowage/core';
import { checkAddress, checkUrl, parseAllowedNetworks } from '../../src/ingest';

describe('parseAllowedNetworks', () => {
  it('accepts CIDR networks and bare addresses', () => {
    const networks = parseAllowedNetworks(['10.0.0.0/8', 'fd00::/8', '192.168.1.5', '::1']);
    expect(networks.map(([address, bits]) => `${address.toString()}/${bits}`)).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.5/32',
      '::1/128',
    ]);
  });

  it('rejects an entry that is not a network, naming it', () => {
    expect(() => parseAllowedNetworks(['10.0.0.0/8', 'not-a-cidr'])).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('"not-a-cidr"') }),
    );
    expect(() => parseAllowedNetworks(['10.0.0.0/33'])).toThrow(StowageError);
    expect(() => parseAllowedNetworks(['2130706433'])).toThrow(StowageError);
  });
});

describe('checkAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1 is a loopback address'],
    ['::1', '::1 is a loopback address'],
    ['0.0.0.0', '0.0.0.0 is an unspecified address'],
    ['::', ':: is an unspecified address'],
    ['10.1.2.3', '10.1.2.3 is a private address'],
    ['172.16.0.1', '172.16.0.1 is a private address'],
    ['192.168.1.1', '192.168.1.1 is a private address'],
    ['fd12::1', 'fd12::1 is a private (unique local) address'],
    ['169.254.1.1', '169.254.1.1 is a link-local address'],
    ['fe80::1', 'fe80::1 is a link-local address'],
    ['169.254.169.254', '169.254.169.254 is a cloud metadata address'],
    ['fd00:ec2::254', 'fd00:ec2::254 is a cloud metadata address'],
    ['fd00:ec2:0::254', 'fd00:ec2:0::254 is a cloud metadata address'],
    ['100.100.100.200', '100.100.100.200 is a cloud metadata address'],
    ['100.64.0.1', '100.64.0.1 is a carrier-grade NAT address'],
    ['224.0.0.1', '224.0.0.1 is a multicast address'],
    ['ff02::1', 'ff02::1 is a multicast address'],
    ['255.255.255.255', '255.255.255.255 is a broadcast address'],
    ['240.0.0.1', '240.0.0.1 is a reserved address'],
    ['::ffff:7f00:1', '::ffff:7f00:1 (IPv4-mapped 127.0.0.1) is a loopback address'],
    ['64:ff9b::7f00:1', '64:ff9b::7f00:1 is a NAT64 address'],
    ['2002:7f00:1::', '2002:7f00:1:: is a 6to4 address'],
    ['::7f00:1', '::7f00:1 is not a global unicast address'],
  ])('refuses %s', (ip, reason) => {
    expect(checkAddress(ip)).toBe(reason);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows public %s', (ip) => {
    expect(checkAddress(ip)).toBeNull();
  });

  it('allows a non-public address inside an allowed network, but never a metadata address', () => {
    const allowed = parseAllowedNetworks(['10.0.0.0/8', '169.254.0.0/16', '127.0.0.1']);
    expect(checkAddress('10.1.2.3', allowed)).toBeNull();
    expect(checkAddress('127.0.0.1', allowed)).toBeNull();
    expect(checkAddress('::ffff:127.0.0.1', allowed)).toBeNull();
    expect(checkAddress('127.0.0.2', allowed)).toBe('127.0.0.2 is a loopback address');
    expect(checkAddress('169.254.169.254', allowed)).toBe('169.254.169.254 is a cloud metadata address');
  });
});

describe('checkUrl', () => {
  it.each([
    'http://2130706433/',
    'http://0x7f000001/',
    'http://017700000001/',
    'http://127.1/',
    'http://0x7f.0.0.1/',
    'http://127.000.000.001/',
  ])('normalises the odd loopback spelling %s to 127.0.0.1 and refuses it', (url) => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    expect(() => checkUrl(url)).toThrow('127.0.0.1 is a loopback address');
  });

  it('accepts a public http(s) URL', () => {
    expect(checkUrl('https://example.com/a?b=c').href).toBe('https://example.com/a?b=c');
  });
});
