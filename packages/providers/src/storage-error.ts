/** The one error type that crosses the plugin boundary: every backend or SDK failure becomes one of these. */
export const STORAGE_ERROR_CODES = [
  'NotFound',
  'AccessDenied',
  'Unavailable',
  'ChecksumMismatch',
  'TooLarge',
  'InvalidConfig',
  'Aborted',
  'Conflict',
] as const;
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  /** The configuration field the error is about, when there is one (for forms). */
  readonly field: string | undefined;

  constructor(options: { code: StorageErrorCode; message: string; field?: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'StorageError';
    this.code = options.code;
    this.field = options.field;
  }
}

export function isStorageError(error: unknown): error is StorageError {
  return error instanceof StorageError;
}

export const STORAGE_ERRORS = {
  notFound: (what: string, cause?: unknown) => new StorageError({ code: 'NotFound', message: `${what} not found`, cause }),
  accessDenied: (message: string, cause?: unknown, field?: string) =>
    new StorageError({ code: 'AccessDenied', message, cause, field }),
  unavailable: (message: string, cause?: unknown) => new StorageError({ code: 'Unavailable', message, cause }),
  invalidConfig: (field: string, message: string, cause?: unknown) =>
    new StorageError({ code: 'InvalidConfig', message, field, cause }),
};
