/** Byte counts are BIGINT in the database (INTEGER overflows at 2 GiB on PostgreSQL) and numbers everywhere else. */
export function bytesToNumber(value: bigint): number;
export function bytesToNumber(value: bigint | null): number | null;
export function bytesToNumber(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}

export function numberToBytes(value: number): bigint;
export function numberToBytes(value: number | null | undefined): bigint | null;
export function numberToBytes(value: number | null | undefined): bigint | null {
  return value === null || value === undefined ? null : BigInt(Math.trunc(value));
}
