'use client';

import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import type { CachePoint } from '@stowage/services';
import { Card } from '~/components/ui';
import { describeEvictionSeries, describeHitRatioSeries } from '~/lib/cache';

/** uPlot is fetched with the Cache page's charts only, after the page is up: it is not first-load JS. */
const TimeSeriesChart = dynamic(() => import('./time-series-chart'), {
  ssr: false,
  loading: () => <div className="h-[210px] animate-pulse rounded-md bg-slate-100" />,
});

/** The summary without its lead-in ("Hit ratio per minute over the last 60 minutes: …"), for under the title. */
function caption(summary: string): string {
  const rest = summary.slice(summary.indexOf(': ') + 2);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

function ChartCard({ title, summary, testId, children }: { title: string; summary: string; testId: string; children: React.ReactNode }) {
  return (
    <Card title={title} testId={testId}>
      {/* The canvas says nothing to a screen reader: the figure's label carries the latest values. */}
      <figure role="img" aria-label={summary} className="m-0 [&_.u-legend]:invisible [&:hover_.u-legend]:visible">
        <figcaption className="mb-1 text-xs text-slate-500" data-testid="chart-caption">
          {caption(summary)}
        </figcaption>
        {children}
      </figure>
    </Card>
  );
}

/** Hit ratio and evictions per minute over the last hour. */
export function CacheCharts({ series }: { series: CachePoint[] }) {
  const { x, ratio, evictions } = useMemo(
    () => ({
      x: series.map((point) => Math.floor(new Date(point.minute).getTime() / 1000)),
      ratio: series.map((point) => (point.hitRatio === null ? null : Math.round(point.hitRatio * 1000) / 10)),
      evictions: series.map((point) => point.evictions),
    }),
    [series],
  );
  return (
    <div className="mb-6 grid gap-4 lg:grid-cols-2">
      <ChartCard title="Hit ratio per minute (last 60 min)" summary={describeHitRatioSeries(series)} testId="chart-hit-ratio">
        <TimeSeriesChart
          kind="line"
          name="Hit ratio"
          color="#4f46e5"
          x={x}
          y={ratio}
          yRange={[0, 100]}
          formatValue={(value) => (value === null ? '—' : `${Math.round(value)}%`)}
        />
      </ChartCard>
      <ChartCard title="Evictions per minute (last 60 min)" summary={describeEvictionSeries(series)} testId="chart-evictions">
        <TimeSeriesChart
          kind="bars"
          name="Evictions"
          color="#d97706"
          x={x}
          y={evictions}
          minMax={2}
          formatValue={(value) => (value === null ? '—' : String(Math.round(value)))}
        />
      </ChartCard>
    </div>
  );
}
