/** Where an object's bytes live on every store: one key per object, the same everywhere. */
export function objectKey(objectId: string): string {
  return `objects/${objectId}`;
}
