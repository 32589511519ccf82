/* The admin command line, spawned as `pnpm admin` runs it (one Node process, tsx), on a temp data directory:
 * secrets on stdout alone and once, events with the actor "cli", usage mistakes exit 2, refusals exit 1. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@stowage/db';
import { hashAgentSecret, verifyPassword } from '@stowage/services';
import { spawnScript } from '@stowage/test-support/script-process';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
let dataDir: string;
let db: Db;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-cli-'));
});
afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function admin(...args: string[]): Promise<{ code: number | null; stdout: string[]; stderr: string }> {
  const stdout: string[] = [];
  const all: string[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env, STOWAGE_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.STOWAGE_SECRET_KEY;
  const run = spawnScript(MAIN, { args, env, onLine: (line) => all.push(line) });
  let buffered = '';
  run.child.stdout?.on('data', (chunk: Buffer) => (buffered += chunk.toString('utf8')));
  const { code } = await run.exited;
  stdout.push(...buffered.split('\n').filter((line) => line !== ''));
  const stderr = all.filter((line) => !stdout.includes(line)).join('\n');
  return { code, stdout, stderr };
}

const database = () => (db ??= createDb({ url: `file:${path.join(dataDir, 'stowage.db')}` }));

describe('pnpm admin', () => {
  it('create-token prints the secret once, on stdout alone; list-tokens never shows it; revoke-token by prefix', async () => {
    const created = await admin('create-token', '--name', 'kvm-east', '--scopes', 'acquire,release', '--expires-days', '30');
    expect(created.code).toBe(0);
    expect(created.stdout).toHaveLength(1);
    const secret = created.stdout[0]!;
    expect(secret).toMatch(/^stw_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('will not be shown again');
    expect(created.stderr).not.toContain(secret);
    const row = await database().agentToken.findFirstOrThrow({ where: { name: 'kvm-east' } });
    expect(row).toMatchObject({ secretHash: hashAgentSecret(secret), scopes: 'acquire,release', zoneIds: '', createdBy: 'cli', prefix: secret.slice(0, 12) });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(29.9 * 86_400_000);

    const listed = await admin('list-tokens');
    expect(listed.code).toBe(0);
    expect(listed.stdout.join('\n')).toMatch(/kvm-east\s+stw_\S+…\s+active\s+acquire,release\s+\(all zones\)/);
    expect(listed.stdout.join('\n') + listed.stderr).not.toContain(secret);

    const revoked = await admin('revoke-token', `${row.prefix}…`);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toEqual([]);
    expect((await database().agentToken.findUniqueOrThrow({ where: { id: row.id } })).revokedBy).toBe('cli');
    const events = await database().event.findMany({ where: { type: { in: ['token.created', 'token.revoked'] } }, orderBy: { at: 'asc' } });
    expect(events.map((event) => [event.type, event.actor])).toEqual([
      ['token.created', 'cli'],
      ['token.revoked', 'cli'],
    ]);
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('zones by name; the expiry is required and bounded; usage mistakes exit 2, refusals 1', async () => {
    await database().zone.create({ data: { name: 'Edge', nameKey: 'edge', mode: 'staging' } });
    const zoned = await admin('create-token', '--name', 'edge-agents', '--scopes', 'acquire,renew,release', '--zones', 'edge', '--expires-days', '365');
    expect(zoned.code).toBe(0);
    const zone = await database().zone.findUniqueOrThrow({ where: { nameKey: 'edge' } });
    expect(await database().agentToken.findFirstOrThrow({ where: { name: 'edge-agents' } })).toMatchObject({ zoneIds: zone.id });

    const noExpiry = await admin('create-token', '--name', 'forever', '--scopes', 'acquire');
    expect(noExpiry.code).toBe(2);
    expect(noExpiry.stderr).toContain('--expires-days');
    const tooLong = await admin('create-token', '--name', 'forever', '--scopes', 'acquire', '--expires-days', '366');
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toContain('at most 365 days');
    expect((await admin('create-token', '--name', 'x', '--scopes', 'delete', '--expires-days', '3')).code).toBe(2);
    expect((await admin('create-token', '--name', 'x', '--scopes', 'acquire', '--zones', 'nowhere', '--expires-days', '3')).code).toBe(2);
    expect((await admin('create-token', '--name', 'EDGE-agents', '--scopes', 'acquire', '--expires-days', '3')).code).toBe(1);
    expect((await admin('frobnicate')).code).toBe(2);
    expect((await admin('revoke-token', 'no-such-token')).code).toBe(2);
    expect(await database().agentToken.count()).toBe(2);
  });

  it('create-user and reset-password print a one-time password on stdout; reset ends the lockout', async () => {
    const created = await admin('create-user', 'Rescue', '--role', 'admin');
    expect(created.code).toBe(0);
    expect(created.stdout).toHaveLength(1);
    const user = await database().user.findUniqueOrThrow({ where: { username: 'rescue' } });
    expect(user).toMatchObject({ role: 'admin', mustChangePassword: true, createdBy: 'cli' });

    const reset = await admin('reset-password', 'rescue');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toHaveLength(1);
    const password = reset.stdout[0]!;
    expect(password).not.toBe(created.stdout[0]);
    const account = await database().account.findFirstOrThrow({ where: { userId: user.id, providerId: 'credential' } });
    expect(await verifyPassword(account.password!, password)).toBe(true);
    const events = await database().event.findMany({ where: { type: { in: ['user.created', 'user.password_reset'] } } });
    expect(events.map((event) => event.actor)).toEqual(['cli', 'cli']);
    expect(JSON.stringify(events)).not.toContain(password);
    expect((await admin('reset-password', 'nobody')).code).toBe(2);
  });
});
