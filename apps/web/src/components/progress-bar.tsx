import { Fragment } from 'react';
import { formatBytes, formatDuration, formatRate } from '~/lib/format';

export interface ProgressFigures {
  bytesDone: number;
  /** null: the total is not known yet (a download without a Content-Length): the bar is indeterminate. */
  bytesTotal: number | null;
  rateBps?: number | null;
  etaSeconds?: number | null;
}

/** "12.0 MiB of 64.0 MiB · 18% · 3.1 MiB/s · ETA 17 s": what the bar says, in words. */
export function describeProgress(figures: ProgressFigures): string {
  return progressParts(figures).join(' · ');
}

function progressParts({ bytesDone, bytesTotal, rateBps, etaSeconds }: ProgressFigures): string[] {
  const parts = [bytesTotal === null ? `${formatBytes(bytesDone)} so far` : `${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}`];
  const percent = percentOf(bytesDone, bytesTotal);
  if (percent !== null) parts.push(`${Math.floor(percent)}%`);
  if (rateBps) parts.push(formatRate(rateBps));
  if (etaSeconds !== null && etaSeconds !== undefined && percent !== 100) parts.push(`ETA ${formatDuration(etaSeconds)}`);
  return parts;
}

function percentOf(done: number, total: number | null): number | null {
  if (total === null) return null;
  if (total <= 0) return 100;
  return Math.min(100, Math.max(0, (done / total) * 100));
}

/**
 * A transfer's progress: bytes done of the total, percent, rate and ETA. Compact: a thin bar and the percent
 * only (for table cells), with the full sentence as its value text. Without a known total the bar pulses.
 */
export function ProgressBar({ label, compact = false, tone = 'indigo', ...figures }: ProgressFigures & { label: string; compact?: boolean; tone?: 'indigo' | 'amber' }) {
  const percent = percentOf(figures.bytesDone, figures.bytesTotal);
  const text = describeProgress(figures);
  const fill = tone === 'amber' ? 'bg-amber-500' : 'bg-indigo-500';
  return (
    <div className={compact ? 'flex min-w-24 items-center gap-1.5' : 'w-full'}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={figures.bytesTotal ?? undefined}
        aria-valuenow={figures.bytesTotal === null ? undefined : figures.bytesDone}
        aria-valuetext={text}
        title={compact ? text : undefined}
        className={`relative w-full overflow-hidden rounded-full bg-slate-200 ${compact ? 'h-1.5' : 'h-2.5'}`}
      >
        {percent === null ? (
          <div className={`absolute inset-y-0 left-0 w-1/3 animate-pulse rounded-full ${fill} opacity-60`} />
        ) : (
          <div className={`h-full rounded-full ${fill} transition-[width] duration-700 ease-out`} style={{ width: `${Math.max(percent, percent > 0 ? 1 : 0)}%` }} />
        )}
      </div>
      {compact ? (
        <span className="w-9 shrink-0 text-right text-xs tabular-nums text-slate-600">{percent === null ? '…' : `${Math.floor(percent)}%`}</span>
      ) : (
        <p className="mt-1 text-xs tabular-nums text-slate-600">
          {progressParts(figures).map((part, index) => (
            <Fragment key={index}>
              {index > 0 ? ' · ' : null}
              <span className="whitespace-nowrap">{part}</span>
            </Fragment>
          ))}
        </p>
      )}
    </div>
  );
}
