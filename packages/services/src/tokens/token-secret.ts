import { createHash, randomBytes } from 'node:crypto';
import { AGENT_TOKEN_MARK } from '@stowage/core';

/** 32 random bytes (256 bits), base64url: `stw_` and 43 characters. */
const SECRET_BYTES = 32;
const PREFIX_CHARS = 8;

/** What a secret made by `newAgentSecret` looks like; anything else is not a Stowage token at all. */
export const AGENT_SECRET_PATTERN = /^stw_[A-Za-z0-9_-]{43}$/;

export function newAgentSecret(): string {
  return `${AGENT_TOKEN_MARK}${randomBytes(SECRET_BYTES).toString('base64url')}`;
}

/** What is stored, and what a presented secret is looked up by: its SHA-256, hex. */
export function hashAgentSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * The visible part of a secret: `stw_` and its first 8 characters (48 of its 256 bits), shown in lists and
 * audit rows. Null for a string that is not shaped like a Stowage token (it may be some other secret pasted
 * by mistake: none of it is repeated anywhere).
 */
export function agentSecretPrefix(secret: string): string | null {
  return AGENT_SECRET_PATTERN.test(secret) ? secret.slice(0, AGENT_TOKEN_MARK.length + PREFIX_CHARS) : null;
}
