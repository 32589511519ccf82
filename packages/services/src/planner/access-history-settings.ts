import { z } from 'zod';
import { errors } from '@stowage/core';
import type { Db } from '@stowage/db';
import type { ServiceContext } from '../context';
import { recordEvent } from '../events/record-event';

const KEY = 'access_history';
export const DEFAULT_ACCESS_HISTORY_DAYS = 90;
export const DEFAULT_ACCESS_HISTORY_ROWS = 5_000_000;
/** How old this process's idea of the recording switch may get before an acquire starts a re-read (not awaited). */
export const RECORDING_REFRESH_MS = 5000;

/**
 * How much access history the janitor keeps (Settings; the capacity planner reads at most 90 days), and whether
 * acquires record it at all (`recording`, on unless an admin turns it off).
 */
export const accessHistorySettingsInput = z.object({
  retentionDays: z
    .number({ error: 'A whole number of days' })
    .int('A whole number of days')
    .min(1, 'At least 1 day')
    .max(3650, 'At most 3,650 days (ten years)'),
  maxRows: z
    .number({ error: 'A whole number of accesses' })
    .int('A whole number of accesses')
    .min(10_000, 'At least 10,000 accesses')
    .max(100_000_000, 'At most 100,000,000 accesses'),
  recording: z.boolean().default(true),
});
export type AccessHistorySettings = z.output<typeof accessHistorySettingsInput>;

// What a stored row may hold: every field optional (rows written before `recording` existed lack it).
const stored = z
  .object({
    retentionDays: accessHistorySettingsInput.shape.retentionDays,
    maxRows: accessHistorySettingsInput.shape.maxRows,
    recording: z.boolean(),
  })
  .partial();

const DEFAULTS: AccessHistorySettings = {
  retentionDays: DEFAULT_ACCESS_HISTORY_DAYS,
  maxRows: DEFAULT_ACCESS_HISTORY_ROWS,
  recording: true,
};

export async function getAccessHistorySettings(db: Db): Promise<AccessHistorySettings> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  const saved = row ? stored.safeParse(JSON.parse(row.value)) : null;
  return { ...DEFAULTS, ...(saved?.success ? saved.data : {}) };
}

/** Saves the settings; an input without `recording` keeps the saved switch. The recording switch applies in this process at once. */
export async function updateAccessHistorySettings(
  ctx: Pick<ServiceContext, 'db' | 'actor'>,
  input: z.input<typeof accessHistorySettingsInput>,
): Promise<AccessHistorySettings> {
  const parsed = accessHistorySettingsInput.safeParse(input);
  if (!parsed.success)
    throw errors.invalid('Check the access history settings.', z.flattenError(parsed.error).fieldErrors);
  const settings: AccessHistorySettings = {
    ...parsed.data,
    recording: input.recording ?? (await getAccessHistorySettings(ctx.db)).recording,
  };
  const value = JSON.stringify(settings);
  await ctx.db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  setRecordingFlag(ctx.db, settings.recording);
  await recordEvent(ctx.db, {
    actor: ctx.actor,
    type: 'settings.access_history_changed',
    severity: 'info',
    message: `Access history ${settings.recording ? 'recorded' : 'not recorded (recording off)'}; kept ${settings.retentionDays} days, at most ${settings.maxRows.toLocaleString('en-US')} accesses`,
  });
  return settings;
}

// ------------------------------------------------------------------------------- the recording switch, cached

interface RecordingFlag {
  value: boolean;
  /** When the last re-read started (performance.now()); -Infinity: never. */
  checkedAt: number;
  refreshing: Promise<boolean> | null;
  /** Bumped by each explicit set: a re-read started before it does not overwrite it. */
  version: number;
}

// Keyed by client, like record-access's buffers: tests with several databases never mix their switches.
const flags = new WeakMap<Db, RecordingFlag>();

function flagOf(db: Db): RecordingFlag {
  let flag = flags.get(db);
  if (!flag) {
    flag = { value: true, checkedAt: -Infinity, refreshing: null, version: 0 };
    flags.set(db, flag);
  }
  return flag;
}

function setRecordingFlag(db: Db, value: boolean): void {
  const flag = flagOf(db);
  flag.value = value;
  flag.version += 1;
  flag.checkedAt = performance.now();
}

/**
 * Whether accesses of `db` are recorded, without a database read: the last value this process knew (true until
 * one is known). When that is older than RECORDING_REFRESH_MS, a re-read of the setting starts; it is not awaited.
 */
export function accessRecordingEnabled(db: Db): boolean {
  const flag = flagOf(db);
  if (!flag.refreshing && performance.now() - flag.checkedAt >= RECORDING_REFRESH_MS)
    void refreshAccessRecording(db);
  return flag.value;
}

/**
 * Re-reads the recording switch of `db` now (one at a time per client) and returns it. A refused read keeps
 * the last known value (and is retried after RECORDING_REFRESH_MS); never throws.
 */
export function refreshAccessRecording(db: Db): Promise<boolean> {
  const flag = flagOf(db);
  if (flag.refreshing) return flag.refreshing;
  const version = flag.version;
  flag.checkedAt = performance.now();
  const run = getAccessHistorySettings(db)
    .then((settings) => {
      if (flag.version === version) flag.value = settings.recording;
      return flag.value;
    })
    .catch(() => flag.value)
    .finally(() => {
      flag.refreshing = null;
    });
  flag.refreshing = run;
  return run;
}
