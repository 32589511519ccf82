import type { ObjectDetail } from '@stowage/services';
import { Badge } from '~/components/ui';
import { formatDateTime, formatTime } from '~/lib/format';
import { lookOf, SEVERITY_LOOK } from '~/lib/labels';

/** What happened to the object and who did it, newest first. */
export function EventsList({ events }: { events: ObjectDetail['events'] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">Nothing recorded yet.</p>;
  return (
    <ol className="divide-y divide-slate-100" aria-label="Events">
      {events.map((event) => {
        const look = lookOf(SEVERITY_LOOK, event.severity, SEVERITY_LOOK.info!);
        return (
          <li key={event.id} className="grid grid-cols-[6rem_5.5rem_1fr] items-start gap-3 py-2 text-sm" data-severity={event.severity}>
            <time dateTime={new Date(event.at).toISOString()} title={formatDateTime(event.at)} className="tabular-nums text-xs text-slate-500">
              {formatTime(event.at)}
            </time>
            <span>
              <Badge tone={look.tone}>{event.severity}</Badge>
            </span>
            <div className="min-w-0">
              <p className={look.text}>{event.message}</p>
              <p className="truncate text-xs text-slate-400" title={`${event.actor} · ${event.type}`}>
                {event.actor} · {event.type}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
