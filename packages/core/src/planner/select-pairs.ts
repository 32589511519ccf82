/**
 * Moves the k-th smallest of keys[0..n) to keys[k] — everything before it ≤ it, everything after ≥ it — moving
 * values[] alongside (quickselect, median of three, Hoare partition so runs of equal keys split evenly). O(n) on
 * average, in place: the capacity for a target needs one order statistic of 9 M distances, not a sort of them.
 */
export function selectPairs(keys: Float64Array, values: Float64Array | Int32Array, k: number, n = keys.length): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < keys[lo]!) swap(keys, values, mid, lo);
    if (keys[hi]! < keys[lo]!) swap(keys, values, hi, lo);
    if (keys[hi]! < keys[mid]!) swap(keys, values, hi, mid);
    const pivot = keys[mid]!;
    let i = lo - 1;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (keys[i]! < pivot);
      do j--;
      while (keys[j]! > pivot);
      if (i >= j) break;
      swap(keys, values, i, j);
    }
    // [lo, j] ≤ pivot ≤ [j + 1, hi]: go on in the side that holds k.
    if (k <= j) hi = j;
    else lo = j + 1;
  }
}

function swap(keys: Float64Array, values: Float64Array | Int32Array, a: number, b: number): void {
  const key = keys[a]!;
  keys[a] = keys[b]!;
  keys[b] = key;
  const value = values[a]!;
  values[a] = values[b]!;
  values[b] = value;
}
