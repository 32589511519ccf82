/*
 * Byte sums that stay exact. Sizes are whole bytes, but 10 M accesses of 5 GiB objects ask for ~5e16 bytes, past
 * 2^53, where float64 stops holding every integer. So a sum of many sizes is kept in two parts: the whole MiB
 * (⌊size / 2^20⌋) and the remainder (< 2^20). Each part is a sum of integers that stays below 2^53 for any trace
 * under 2^33 accesses of objects under 1 TiB, so both are exact; the total is then high·2^20 + low, rounded once
 * (exact itself below 2^53). Two sums of the same integers, in any order, therefore give the same number: the
 * curve, the simulator and the replay agree to the byte, not to a tolerance.
 */
export const BYTE_SPLIT = 2 ** 20;

export function combineBytes(high: number, low: number): number {
  return high * BYTE_SPLIT + low;
}
