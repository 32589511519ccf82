'use client';

import { useEffect, useState } from 'react';
import { formatAgo, formatDateTime, formatIn } from '~/lib/format';

/**
 * A moment as people read it in a list ("4 min ago", "in 12 s"), with the absolute local time on hover and
 * in `dateTime` for machines. It re-renders every 30 s so "just now" does not stay true for an hour.
 */
export function RelativeTime({ date, className, prefix }: { date: Date | string | null | undefined; className?: string; prefix?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!date) return <span className={className}>{prefix ? `${prefix} never` : 'never'}</span>;
  const at = new Date(date);
  const text = at.getTime() > now ? formatIn(at, now) : formatAgo(at, now);
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at)} className={className} suppressHydrationWarning>
      {prefix ? `${prefix} ${text}` : text}
    </time>
  );
}
