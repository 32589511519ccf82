import { parseArgs } from 'node:util';
import { AGENT_SCOPES, agentScope, isStowageError, nameKey, role, ROLES } from '@stowage/core';
import { moveToPostgres, redactDatabaseUrl, TargetNotEmptyError } from '@stowage/db';
import { createAgentToken, createUser, listAgentTokens, resetUserPassword, revokeAgentToken, type AgentTokenView, type ServiceContext } from '@stowage/services';

/*
 * The admin commands. Secrets (a token's, a one-time password) go to stdout alone, on one line, so that
 * `pnpm -s admin create-token … > file` captures exactly the secret; everything said to the person goes to stderr.
 */

export interface Output {
  /** The one line a command answers with (a secret, a list): stdout. */
  out(line: string): void;
  /** What the person is told: stderr. */
  say(line: string): void;
}

/** A mistake on the command line: usage is shown, exit code 2. */
export class UsageError extends Error {}

/** A refusal with its reason: exit code 1. */
class RefusedError extends Error {}

export const USAGE = `Usage: pnpm admin <command> [options]

  create-token --name NAME --scopes ${AGENT_SCOPES.join(',')} [--zones ZONE,ZONE] --expires-days DAYS
                               an agent token; its secret is printed once, on stdout
  revoke-token NAME|PREFIX     revoke an agent token (by name, or the prefix shown in lists, e.g. stw_AbCd1234)
  list-tokens                  every agent token (never a secret)
  create-user USERNAME --role ${ROLES.join('|')}
                               a user with a one-time password, printed once on stdout
  reset-password USERNAME      a new one-time password (printed once, on stdout); the user's sessions end and a
                               sign-in lockout is lifted: how a locked-out admin gets back in
  move-to-postgres --to postgresql://… [--from file:…]
                               copy this installation's SQLite database (or --from) into an empty PostgreSQL
                               database, then verify every table (rows and checksum); stop Stowage first

The data directory is the product's: STOWAGE_DATA_DIR (default ./.data) or DATABASE_URL. Events name the actor "cli".`;

type Ctx = Pick<ServiceContext, 'db' | 'secrets' | 'actor'> & {
  /** The installation's database, as the product opens it. */
  databaseUrl: string;
};

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`Give one ${what}.`);
  return positionals[0]!;
}

function describeToken(token: AgentTokenView): string {
  const zones = token.zones === null ? 'every zone' : token.zones.map((zone) => zone.name ?? zone.id).join(', ');
  return `${token.name} (${token.prefix}…): ${token.scopes.join(', ')} in ${zones}, expires ${token.expiresAt.toISOString()}`;
}

async function createTokenCommand(ctx: Ctx, args: string[], output: Output): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { name: { type: 'string' }, scopes: { type: 'string' }, zones: { type: 'string' }, 'expires-days': { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected ${positionals.join(' ')}.`);
  if (!values.name) throw new UsageError('Name the token: --name NAME.');
  if (!values.scopes) throw new UsageError(`Give its scopes: --scopes ${AGENT_SCOPES.join(',')} (one or more).`);
  if (!values['expires-days']) throw new UsageError('Every token expires: give --expires-days DAYS (1 to 365).');
  const scopes = list(values.scopes).map((scope) => {
    const parsed = agentScope.safeParse(scope);
    if (!parsed.success) throw new UsageError(`Unknown scope "${scope}": use ${AGENT_SCOPES.join(', ')}.`);
    return parsed.data;
  });
  const days = Number(values['expires-days']);
  const zoneIds: string[] = [];
  for (const name of list(values.zones)) {
    const zone = await ctx.db.zone.findUnique({ where: { nameKey: nameKey(name) }, select: { id: true } });
    if (!zone) throw new UsageError(`No zone is named "${name}".`);
    zoneIds.push(zone.id);
  }
  const { token, secret } = await createAgentToken(ctx, { name: values.name, scopes, zoneIds, expiresInDays: days });
  output.say(`Agent token ${describeToken(token)}.`);
  output.say('Its secret is on the next line; it will not be shown again (only its hash is kept):');
  output.out(secret);
}

async function revokeTokenCommand(ctx: Ctx, args: string[], output: Output): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const which = one(positionals, 'token name or prefix').replace(/…$/, '');
  const tokens = await listAgentTokens(ctx);
  const byName = tokens.filter((token) => nameKey(token.name) === nameKey(which));
  const matches = byName.length > 0 ? byName : which.length >= 8 ? tokens.filter((token) => token.prefix === which || which.startsWith(token.prefix)) : [];
  if (matches.length === 0) throw new UsageError(`No agent token is named "${which}" or has that prefix (see list-tokens).`);
  if (matches.length > 1) throw new UsageError(`Several tokens have that prefix: ${matches.map((token) => token.name).join(', ')}; give the name.`);
  const token = matches[0]!;
  if (token.revokedAt) {
    output.say(`Agent token ${token.name} (${token.prefix}…) was already revoked by ${token.revokedBy ?? '?'} at ${token.revokedAt.toISOString()}.`);
    return;
  }
  await revokeAgentToken(ctx, { tokenId: token.id });
  output.say(`Agent token ${token.name} (${token.prefix}…) revoked: every web and agent API process refuses it within about a second.`);
}

async function listTokensCommand(ctx: Ctx, args: string[], output: Output): Promise<void> {
  parseArgs({ args, allowPositionals: false });
  const tokens = await listAgentTokens(ctx);
  if (tokens.length === 0) {
    output.say('No agent tokens.');
    return;
  }
  const rows = tokens.map((token) => [
    token.name,
    `${token.prefix}…`,
    token.revokedAt ? 'revoked' : token.expired ? 'expired' : 'active',
    token.scopes.join(','),
    token.zones === null ? '(all zones)' : token.zones.map((zone) => zone.name ?? zone.id).join(','),
    token.expiresAt.toISOString().slice(0, 10),
    token.lastUsedAt ? token.lastUsedAt.toISOString().slice(0, 16).replace('T', ' ') : 'never',
    token.createdBy,
  ]);
  const header = ['NAME', 'PREFIX', 'STATE', 'SCOPES', 'ZONES', 'EXPIRES', 'LAST USED', 'CREATED BY'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows]) output.out(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}

async function createUserCommand(ctx: Ctx, args: string[], output: Output): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { role: { type: 'string' } }, allowPositionals: true });
  const username = one(positionals, 'username');
  const chosen = role.safeParse(values.role);
  if (!chosen.success) throw new UsageError(`Give the role: --role ${ROLES.join('|')}.`);
  const { user, oneTimePassword } = await createUser(ctx, { username, role: chosen.data });
  output.say(`User ${user.username} created with role ${chosen.data}. Their one-time password is on the next line; it will not be shown again,`);
  output.say('and must be changed at the first sign-in:');
  output.out(oneTimePassword!);
}

async function resetPasswordCommand(ctx: Ctx, args: string[], output: Output): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const username = one(positionals, 'username');
  const user = await ctx.db.user.findUnique({ where: { username: username.toLowerCase() }, select: { id: true, name: true } });
  if (!user) throw new UsageError(`No user is named "${username}".`);
  const { oneTimePassword } = await resetUserPassword(ctx as ServiceContext, { userId: user.id });
  output.say(`Password of ${user.name} reset; their sessions ended and any sign-in lockout is lifted.`);
  output.say('Their one-time password is on the next line; it will not be shown again, and must be changed at the next sign-in:');
  output.out(oneTimePassword);
}

async function moveToPostgresCommand(ctx: Ctx, args: string[], output: Output): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } }, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`Unexpected ${positionals.join(' ')}.`);
  if (!values.to?.match(/^postgres(ql)?:\/\//)) throw new UsageError('Name the empty PostgreSQL database to move to: --to postgresql://user@host:5432/stowage.');
  const from = values.from ?? ctx.databaseUrl;
  if (!from.startsWith('file:')) throw new UsageError(`The database to move from must be SQLite (file:…); this installation's is ${redactDatabaseUrl(from)}.`);
  await ctx.db.$disconnect();
  output.say(`Moving ${from} to ${redactDatabaseUrl(values.to)}…`);
  let report: Awaited<ReturnType<typeof moveToPostgres>>;
  try {
    report = await moveToPostgres({ from, to: values.to, onTable: (table, rows) => output.say(`  copied ${table}: ${rows} rows`) });
  } catch (error) {
    if (error instanceof TargetNotEmptyError) throw new RefusedError(error.message);
    throw error;
  }
  const width = Math.max(5, ...report.tables.map((table) => table.table.length));
  output.out(`${'TABLE'.padEnd(width)}  ${'ROWS'.padStart(9)}  CHECKSUM`);
  for (const table of report.tables) {
    const rows = table.sourceRows === table.targetRows ? String(table.sourceRows) : `${table.sourceRows}≠${table.targetRows}`;
    output.out(`${table.table.padEnd(width)}  ${rows.padStart(9)}  ${table.ok ? 'ok' : 'MISMATCH'}`);
  }
  const bad = report.tables.filter((table) => !table.ok).map((table) => table.table);
  if (bad.length > 0) throw new RefusedError(`Verification failed for ${bad.join(', ')}: the PostgreSQL copy differs from the source. Do not switch DATABASE_URL; empty the target and move again with Stowage stopped.`);
  output.say(`Every table verified. Set DATABASE_URL=${redactDatabaseUrl(values.to)} (with its password) for every Stowage process and start them.`);
}

const COMMANDS: Record<string, (ctx: Ctx, args: string[], output: Output) => Promise<void>> = {
  'create-token': createTokenCommand,
  'revoke-token': revokeTokenCommand,
  'list-tokens': listTokensCommand,
  'create-user': createUserCommand,
  'reset-password': resetPasswordCommand,
  'move-to-postgres': moveToPostgresCommand,
};

export const isCommand = (name: string | undefined): boolean => name !== undefined && Object.hasOwn(COMMANDS, name);

/** Runs one command; the exit code: 0 done, 1 refused (the reason said), 2 a usage mistake. */
export async function runCommand(ctx: Ctx, argv: string[], output: Output): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (!isCommand(name)) throw new UsageError(name ? `Unknown command "${name}".` : 'Give a command.');
    await COMMANDS[name!]!(ctx, args, output);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      output.say(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RefusedError) {
      output.say(error.message);
      return 1;
    }
    if (isStowageError(error)) {
      const fields = Object.entries(error.fieldErrors ?? {}).map(([field, messages]) => `  ${field}: ${messages.join(' ')}`);
      output.say([error.message, ...fields].join('\n'));
      return 1;
    }
    if (error instanceof Error && error.name === 'ZodError') {
      const issues = (error as unknown as { issues: { path: PropertyKey[]; message: string }[] }).issues;
      output.say(['Some values are not valid:', ...issues.map((issue) => `  ${issue.path.map(String).join('.') || 'value'}: ${issue.message}`)].join('\n'));
      return 1;
    }
    throw error;
  }
}
