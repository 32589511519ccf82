'use client';

import { useEffect, useState } from 'react';
import { formatAgo, formatDateTime, formatIn } from '~/lib/format';

/**
 * A moment as people read it in a list ("4 min ago", "in 12 s"), with the absolute local time on hover and
 * in `dateTime` for machines. It re-renders every 30 s so "just now" does not stay true for an hour, and reads
 * the clock again when the moment changes (a running job's last update), which would otherwise be "in 2 s".
 */
export function RelativeTime({ date, className, prefix }: { date: Date | string | null | undefined; className?: string; prefix?: string }) {
  const time = date ? new Date(date).getTime() : NaN;
  // null when there is no moment (NaN never equals itself, and would set the clock on every render).
  const moment = Number.isFinite(time) ? time : null;
  const [clock, setClock] = useState(() => ({ moment, now: Date.now() }));
  if (clock.moment !== moment) setClock({ moment, now: Date.now() });
  useEffect(() => {
    const timer = setInterval(() => setClock((current) => ({ ...current, now: Date.now() })), 30_000);
    return () => clearInterval(timer);
  }, []);
  const { now } = clock;
  if (moment === null) return <span className={className}>{prefix ? `${prefix} never` : 'never'}</span>;
  const at = new Date(moment);
  const text = moment > now ? formatIn(at, now) : formatAgo(at, now);
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at)} className={className} suppressHydrationWarning>
      {prefix ? `${prefix} ${text}` : text}
    </time>
  );
}
