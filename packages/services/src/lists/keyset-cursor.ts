import { entityId, errors } from '@stowage/core';

/** What a list can be sorted by: the column's values are of one of these kinds (null where the column allows it). */
export type SortKeyKind = 'date' | 'string' | 'number' | 'bigint';
export type SortValue = Date | string | number | bigint | null;

/** A position in a list's (sort key, id) order: the row a page starts after. */
export interface KeysetPosition<V extends SortValue = SortValue> {
  /** The sort the position belongs to (a cursor of another sort is refused). */
  sort: string;
  value: V;
  id: string;
}

type Encoded = [sort: string, kind: 'd' | 's' | 'n' | 'b' | 'z', value: string | number | null, id: string];

function encodeValue(value: SortValue): [Encoded[1], Encoded[2]] {
  if (value === null) return ['z', null];
  if (value instanceof Date) return ['d', value.getTime()];
  if (typeof value === 'bigint') return ['b', value.toString()];
  if (typeof value === 'number') return ['n', value];
  return ['s', value];
}

/** An opaque cursor: base64url of JSON `[sort, kind, value, id]`. */
export function encodeCursor(position: KeysetPosition): string {
  const [kind, value] = encodeValue(position.value);
  const encoded: Encoded = [position.sort, kind, value, position.id];
  return Buffer.from(JSON.stringify(encoded), 'utf8').toString('base64url');
}

const KIND_TAG: Record<SortKeyKind, Encoded[1]> = { date: 'd', string: 's', number: 'n', bigint: 'b' };

export interface CursorExpectation {
  /** The sort the list is asked for now. */
  sort: string;
  kind: SortKeyKind;
  /** The sort column can be null (e.g. an object's size before its ingest ends). */
  nullable?: boolean;
  /** What the list shows, for the message: "objects", "jobs"… */
  what: string;
}

/**
 * Reads a cursor back, refusing anything this list could not have written: another sort, a value of the
 * wrong kind, an id that is not one. The message tells the person what to do; the field error names `cursor`.
 */
export function decodeCursor(cursor: string, expected: CursorExpectation): KeysetPosition {
  const refuse = () =>
    errors.invalid(`This page link is not valid for this list: start again from the first page of ${expected.what}.`, { cursor: ['Not a valid cursor'] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw refuse();
  const [sort, kind, raw, rawId] = parsed as unknown[];
  const id = entityId.safeParse(rawId);
  if (sort !== expected.sort || !id.success) throw refuse();
  if (kind === 'z') {
    if (!expected.nullable || raw !== null) throw refuse();
    return { sort, value: null, id: id.data };
  }
  if (kind !== KIND_TAG[expected.kind]) throw refuse();
  switch (expected.kind) {
    case 'date':
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || Math.abs(raw) > 8.64e15) throw refuse();
      return { sort, value: new Date(raw), id: id.data };
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw refuse();
      return { sort, value: raw, id: id.data };
    case 'bigint':
      if (typeof raw !== 'string' || !/^-?\d{1,20}$/.test(raw)) throw refuse();
      return { sort, value: BigInt(raw), id: id.data };
    case 'string':
      if (typeof raw !== 'string' || raw.length > 1000) throw refuse();
      return { sort, value: raw, id: id.data };
  }
}
