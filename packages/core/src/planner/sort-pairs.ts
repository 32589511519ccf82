/**
 * Sorts keys[0..n) ascending in place, moving values[] alongside: quicksort (median of three, Hoare partition, so
 * runs of equal keys split evenly) with insertion sort below 24 elements. No allocation: 9 M pairs sort in the
 * arrays they are in, which is what keeps the curve under its memory budget.
 */
export function sortPairs(keys: Float64Array, values: Float64Array | Int32Array, n = keys.length): void {
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    let hi = stack.pop()!;
    let lo = stack.pop()!;
    while (hi - lo >= 24) {
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
      // Defer the larger half, go on with the smaller: the stack stays O(log n).
      if (j - lo < hi - j) {
        stack.push(j + 1, hi);
        hi = j;
      } else {
        stack.push(lo, j);
        lo = j + 1;
      }
    }
    for (let i = lo + 1; i <= hi; i++) {
      const key = keys[i]!;
      const value = values[i]!;
      let k = i - 1;
      while (k >= lo && keys[k]! > key) {
        keys[k + 1] = keys[k]!;
        values[k + 1] = values[k]!;
        k--;
      }
      keys[k + 1] = key;
      values[k + 1] = value;
    }
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
