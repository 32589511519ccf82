/**
 * Row ids for generated rows: a prefix per table, the run's tag and a counter in base 36 — unique within a run,
 * valid entity ids (letters and digits), and in creation order, like the cuids Prisma writes.
 */
export function createIdMaker(runTag: string) {
  const counters = new Map<string, number>();
  return (prefix: string): string => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${prefix}${runTag}${next.toString(36).padStart(8, '0')}`;
  };
}

export type IdMaker = ReturnType<typeof createIdMaker>;
