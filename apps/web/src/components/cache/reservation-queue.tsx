'use client';

import type { CacheView } from '@stowage/services';
import { formatBytes, formatDuration, formatIn, formatTime } from '~/lib/format';
import { useNow } from './use-now';

const HEAD = 'whitespace-nowrap px-2 pb-2 pt-1 text-left text-xs font-medium uppercase tracking-wide text-slate-500';
const CELL = 'px-2 py-2 align-top';

/** Copies waiting for space, first come first served: nothing overtakes the head of the queue. */
export function ReservationQueue({ queue, timeoutSeconds }: { queue: CacheView['queue']; timeoutSeconds: number }) {
  const now = useNow(1000);
  if (queue.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        Nobody is waiting for space. When a copy does not fit, it waits here in order (at most {formatDuration(timeoutSeconds)}) while idle entries are evicted for it.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="Reservation queue">
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className={HEAD}>
              Position
            </th>
            <th scope="col" className={HEAD}>
              Object
            </th>
            <th scope="col" className={HEAD}>
              Bytes
            </th>
            <th scope="col" className={HEAD}>
              Waiting for
            </th>
            <th scope="col" className={HEAD}>
              Deadline
            </th>
          </tr>
        </thead>
        <tbody>
          {queue.map((item) => {
            const overdue = item.deadlineAt !== null && new Date(item.deadlineAt).getTime() <= now;
            return (
              <tr key={item.reservationId} data-testid={`queue-${item.position}`} className="border-b border-slate-100 last:border-0">
                <td className={`${CELL} tabular-nums`}>#{item.position}</td>
                <td className={CELL}>{item.objectName ?? <span className="text-slate-400">(no entry)</span>}</td>
                <td className={`${CELL} whitespace-nowrap tabular-nums`}>{formatBytes(item.bytes)}</td>
                <td className={`${CELL} whitespace-nowrap tabular-nums`} aria-live="off" data-testid="queue-waiting">
                  {formatDuration((now - new Date(item.waitingSince).getTime()) / 1000)}
                </td>
                <td className={`${CELL} whitespace-nowrap ${overdue ? 'text-red-700' : 'text-slate-700'}`}>
                  {item.deadlineAt ? (
                    <>
                      {formatTime(item.deadlineAt)} <span className="text-xs text-slate-500">({overdue ? 'timed out' : formatIn(item.deadlineAt, now)})</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
