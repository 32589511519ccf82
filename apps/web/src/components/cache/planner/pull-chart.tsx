'use client';

import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import type { PlannerView } from '@stowage/core/planner';
import { formatBytes } from '~/lib/format';
import { curveAt, describePull, formatSize } from '~/lib/planner';
import { ChartLegend } from './chart-legend';
import { ChartLoading } from './chart-loading';
import { COLORS } from './chart-colors';
import type { CapacityMarker } from './capacity-chart';

const CapacityChart = dynamic(() => import('./capacity-chart'), {
  ssr: false,
  loading: () => <ChartLoading height={200} />,
});

/** Bytes per day the cache would pull from the object store, against its size, with a few sizes in a table. */
export function PullChart({ view }: { view: PlannerView }) {
  const { x, series } = useMemo(() => {
    const points = view.points.filter((point) => point.capacityBytes > 0);
    return {
      x: points.map((point) => point.capacityBytes),
      series: [
        { label: 'Pulled per day', color: COLORS.pull, values: points.map((point) => point.pullBytesPerDay) },
      ],
    };
  }, [view]);

  const markers = useMemo(() => {
    const list: CapacityMarker[] = [];
    if (view.current)
      list.push({
        x: view.current.capacityBytes,
        label: `today ${formatSize(view.current.capacityBytes)}`,
        color: COLORS.current,
      });
    if (view.target?.capacityBytes != null)
      list.push({
        x: view.target.capacityBytes,
        label: `target ${formatSize(view.target.capacityBytes)}`,
        color: COLORS.target,
      });
    return list;
  }, [view]);

  const rows = useMemo(() => {
    const sizes: { label: string; capacity: number }[] = [];
    if (view.current) sizes.push({ label: 'Today', capacity: view.current.capacityBytes });
    if (view.knee) sizes.push({ label: 'Knee', capacity: view.knee.capacityBytes });
    if (view.target?.capacityBytes != null)
      sizes.push({ label: 'Target', capacity: view.target.capacityBytes });
    // Sizes that coincide (the knee is often the target) share a row.
    const rows: { label: string; capacity: number; pull: number | null }[] = [];
    for (const size of sizes.sort((a, b) => a.capacity - b.capacity)) {
      const same = rows.find((row) => row.capacity === size.capacity);
      if (same) same.label += `, ${size.label.toLowerCase()}`;
      else rows.push({ ...size, pull: curveAt(view.points, size.capacity)?.pullBytesPerDay ?? null });
    }
    return rows;
  }, [view]);

  return (
    <figure className="m-0" data-testid="planner-pull-chart">
      <div role="img" aria-label={describePull(view)}>
        <CapacityChart
          x={x}
          series={series}
          markers={markers}
          height={200}
          yBytes
          formatY={(value) => (value === null ? '—' : `${formatBytes(value)}/day`)}
        />
      </div>
      <figcaption>
        <ChartLegend
          items={[{ label: 'Bytes pulled from the object store per day', color: COLORS.pull, kind: 'line' }]}
        />
        {rows.length > 0 ? (
          <table className="mt-3 w-full text-left text-sm" data-testid="planner-pull-table">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">Size</th>
                <th className="py-1 pr-4 font-medium">Capacity</th>
                <th className="py-1 font-medium">Pulled per day</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.label}>
                  <td className="py-1 pr-4 text-slate-600">{row.label}</td>
                  <td className="py-1 pr-4 tabular-nums">{formatSize(row.capacity)}</td>
                  <td className="py-1 tabular-nums">{formatSize(row.pull)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </figcaption>
    </figure>
  );
}
