import { abortedError, isAbortError } from '../abort';
import { StorageError, isStorageError } from '../storage-error';

/** Every filesystem failure leaves the nfs provider as a StorageError. */
export function fsError(error: unknown, what: string): StorageError {
  if (isStorageError(error)) return error;
  if (isAbortError(error)) return abortedError(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
      return new StorageError({ code: 'NotFound', message: `${what}: not found`, cause: error });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new StorageError({ code: 'AccessDenied', message: `${what}: permission denied (${code})`, cause: error });
    case 'EEXIST':
      return new StorageError({ code: 'Conflict', message: `${what}: already exists`, cause: error });
    case 'EFBIG':
      return new StorageError({ code: 'TooLarge', message: `${what}: file too large`, cause: error });
    case 'ENOSPC':
    case 'EDQUOT':
      return new StorageError({ code: 'Unavailable', message: `${what}: the store is full (${code})`, cause: error });
    default:
      return new StorageError({ code: 'Unavailable', message: `${what}: ${code ?? 'I/O error'}`, cause: error });
  }
}
