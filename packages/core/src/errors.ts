/**
 * The one domain error type. `code` decides how the API answers; `message` is written for a person
 * and is safe to show; `detail` is for logs only; `fieldErrors` points at form fields.
 */
export const ERROR_CODES = [
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_INPUT',
  'PRECONDITION_FAILED',
  'UNAVAILABLE',
  'INTERNAL',
  /** No (valid) session or token: sign in. */
  'UNAUTHENTICATED',
  /** Signed in, but the role or token does not allow it. */
  'FORBIDDEN',
  /** Too many attempts (sign-in throttling); retry later. */
  'RATE_LIMITED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldErrors = Record<string, string[]>;

export class StowageError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors: FieldErrors | undefined;
  readonly detail: string | undefined;

  constructor(options: {
    code: ErrorCode;
    message: string;
    fieldErrors?: FieldErrors;
    detail?: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'StowageError';
    this.code = options.code;
    this.fieldErrors = options.fieldErrors;
    this.detail = options.detail;
  }
}

export function isStowageError(error: unknown): error is StowageError {
  return error instanceof StowageError;
}

export const errors = {
  notFound: (what: string, id: string) =>
    new StowageError({ code: 'NOT_FOUND', message: `${what} ${id} does not exist.` }),
  conflict: (message: string, fieldErrors?: FieldErrors) =>
    new StowageError({ code: 'CONFLICT', message, fieldErrors }),
  invalid: (message: string, fieldErrors?: FieldErrors, cause?: unknown) =>
    new StowageError({ code: 'INVALID_INPUT', message, fieldErrors, cause }),
  unauthenticated: (message = 'Sign in first.') => new StowageError({ code: 'UNAUTHENTICATED', message }),
  forbidden: (message: string) => new StowageError({ code: 'FORBIDDEN', message }),
  precondition: (message: string) => new StowageError({ code: 'PRECONDITION_FAILED', message }),
  unavailable: (message: string, cause?: unknown) => new StowageError({ code: 'UNAVAILABLE', message, cause }),
  illegalTransition: (machine: string, from: string, event: string) =>
    new StowageError({
      code: 'PRECONDITION_FAILED',
      message: `A ${machine} in state "${from}" cannot take "${event}".`,
    }),
};

/** Zod's issues as field errors: the dotted path (under `prefix`, if given) of each, `_` for the input as a whole. */
export function zodFieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, prefix?: string): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = [...(prefix ? [prefix] : []), ...issue.path.map(String)].join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}
