import Link from 'next/link';
import type { Overview } from '@stowage/services';
import { ProgressBar } from '~/components/progress-bar';
import { RelativeTime } from '~/components/relative-time';
import { Card } from '~/components/ui';
import { formatBytes, formatDuration, formatRate } from '~/lib/format';

const storeName = (store: { name: string; zoneName: string | null } | null) => (store ? (store.zoneName ? `${store.name} (${store.zoneName})` : store.name) : null);

export function RunningJobs({ running }: { running: Overview['running'] }) {
  const parts = [formatRate(running.bytesPerSecond)];
  if (running.bytesTotal > 0) parts.push(`${formatBytes(running.bytesDone)} of ${formatBytes(running.bytesTotal)}`);
  if (running.etaSeconds !== null) parts.push(`about ${formatDuration(running.etaSeconds)} left`);
  return (
    <Card testId="overview-running" title={<span>Running now</span>} actions={<Link href="/jobs" className="text-sm text-indigo-700 hover:underline">All jobs</Link>}>
      {running.count === 0 ? (
        <p className="text-sm text-slate-500">No job is running: every copy is done or waiting for its turn.</p>
      ) : (
        <>
          <p className="mb-3 text-sm" data-testid="overview-throughput">
            <span className="font-semibold">
              {running.count.toLocaleString('en-US')} {running.count === 1 ? 'job' : 'jobs'}
            </span>{' '}
            · {parts.join(' · ')}
          </p>
          <ul className="divide-y divide-slate-100">
            {running.jobs.map((job) => (
              <li key={job.id} className="py-2">
                <div className="mb-1 flex items-baseline justify-between gap-2 text-sm">
                  <span className="min-w-0 truncate">
                    <span className="font-medium">{job.kind}</span>{' '}
                    {job.objectId ? (
                      <Link href={`/objects/${job.objectId}`} className="text-indigo-700 hover:underline">
                        {job.objectName ?? job.objectId}
                      </Link>
                    ) : null}
                    {job.target ? <span className="text-slate-500"> → {storeName(job.target)}</span> : null}
                  </span>
                  <RelativeTime date={job.startedAt} prefix="started" className="shrink-0 text-xs text-slate-500" />
                </div>
                <ProgressBar label={`${job.kind} ${job.objectName ?? job.id}`} {...job.progress} />
              </li>
            ))}
          </ul>
          {running.count > running.jobs.length ? (
            <p className="mt-2 text-xs text-slate-500">
              and {(running.count - running.jobs.length).toLocaleString('en-US')} more on the <Link href="/jobs" className="text-indigo-700 hover:underline">Jobs</Link> page.
            </p>
          ) : null}
        </>
      )}
    </Card>
  );
}
