import { z } from 'zod';
import { MAX_NAME_LENGTH } from './domain';

/** A name an admin types: trimmed, 1–255 characters (MAX_NAME_LENGTH), letters, digits, spaces, dot, dash, underscore. */
export const resourceName = z
  .string()
  .trim()
  .normalize('NFC')
  .min(1, 'Name is required')
  .max(MAX_NAME_LENGTH, `Name must be at most ${MAX_NAME_LENGTH} characters`)
  .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N} ._-]*$/u, 'Use letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit');

export const entityId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Invalid id');

/**
 * What makes two names the same name, stored beside the name (which keeps its case for display) and unique:
 * NFC, then case folded the same way in every locale, so "ß", "ẞ", "SS" and "ss" are one name, and so are
 * "Zürich", "ZÜRICH" and a decomposed "Zürich". Lowercasing first is what folds "ẞ", whose uppercase is itself.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().toUpperCase().toLowerCase().normalize('NFC');
}
