import { StowageError } from '@stowage/core';
import { isStorageError } from '@stowage/providers';

/** Translates a provider's StorageError into the domain error, pointing form errors at `config.<field>`. */
export function storageErrorToStowage(error: unknown): unknown {
  if (!isStorageError(error)) return error;
  const fieldErrors = error.field ? { [`config.${error.field}`]: [error.message] } : undefined;
  switch (error.code) {
    case 'InvalidConfig':
    case 'AccessDenied':
      return new StowageError({ code: 'INVALID_INPUT', message: error.message, fieldErrors, cause: error });
    case 'NotFound':
      return new StowageError({ code: 'NOT_FOUND', message: error.message, fieldErrors, cause: error });
    case 'Conflict':
      return new StowageError({ code: 'CONFLICT', message: error.message, fieldErrors, cause: error });
    default:
      return new StowageError({ code: 'UNAVAILABLE', message: error.message, fieldErrors, cause: error });
  }
}
