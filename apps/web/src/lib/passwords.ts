// The server's rule (packages/services/src/users/password.ts); the common-password list is checked there only.
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

export const PASSWORD_RULES = `${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters, and not a common password. A passphrase of a few unrelated words works well.`;
