/** "1 attempt", "2 attempts": a count with its noun, in the number the count asks for. */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
