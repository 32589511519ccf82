'use client';

import { useEffect, useState } from 'react';
import { formatAgo, formatDateTime, formatIn } from '~/lib/format';

/**
 * A moment as people read it in a list ("4 min ago", "in 12 s"), with the absolute local time on hover and
 * in `dateTime` for machines. It re-renders every 30 s so "just now" does not stay true for an hour, and reads
 * the clock again when the moment changes (a running job's last update), which would otherwise be "in 2 s".
 */
export function RelativeTime({ date, className, prefix }: { date: Date | string | null | undefined; className?: string; prefix?: string }) {
  const moment = date ? new Date(date).getTime() : null;
  const [clock, setClock] = useState(() => ({ moment, now: Date.now() }));
  if (clock.moment !== moment) setClock({ moment, now: Date.now() });
  useEffect(() => {
    const timer = setInterval(() => setClock((current) => ({ ...current, now: Date.now() })), 30_000);
    return () => clearInterval(timer);
  }, []);
  const now = clock.moment === moment ? clock.now : Date.now();
  if (!date) return <span className={className}>{prefix ? `${prefix} never` : 'never'}</span>;
  const at = new Date(date);
  const text = at.getTime() > now ? formatIn(at, now) : formatAgo(at, now);
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at)} className={className} suppressHydrationWarning>
      {prefix ? `${prefix} ${text}` : text}
    </time>
  );
}
