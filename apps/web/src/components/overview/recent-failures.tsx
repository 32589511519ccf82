import Link from 'next/link';
import type { Overview } from '@stowage/services';
import { RelativeTime } from '~/components/relative-time';
import { Card } from '~/components/ui';

export function RecentFailures({ failures }: { failures: Overview['recentFailures'] }) {
  return (
    <Card testId="overview-failures" title={<span>Recent failures</span>} actions={<Link href="/jobs" className="text-sm text-indigo-700 hover:underline">All jobs</Link>}>
      {failures.length === 0 ? (
        <p className="text-sm text-slate-500">No job has failed.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {failures.map((job) => (
            <li key={job.id} className="py-2 text-sm" data-testid="overview-failure">
              <div className="flex items-baseline justify-between gap-2">
                <span className="min-w-0 truncate">
                  <span className="font-medium">{job.kind}</span>{' '}
                  {job.objectId ? (
                    <Link href={`/objects/${job.objectId}`} className="text-indigo-700 hover:underline">
                      {job.objectName ?? job.objectId}
                    </Link>
                  ) : null}
                  {job.target ? <span className="text-slate-500"> → {job.target.name}</span> : null}
                </span>
                <RelativeTime date={job.finishedAt} className="shrink-0 text-xs text-slate-500" />
              </div>
              {job.error ? <p className="mt-0.5 line-clamp-2 break-words text-xs text-red-700">{job.error}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
