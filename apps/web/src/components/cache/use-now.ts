'use client';

import { useEffect, useState } from 'react';

/** The current time, ticking every `intervalMs`, for figures that count up between polls ("waiting for 12 s"). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
