'use client';

import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import type { PlannerView } from '@stowage/core/planner';
import { describeCurve, exactFrom, formatRatio, formatSize } from '~/lib/planner';
import { ChartLegend } from './chart-legend';
import { ChartLoading } from './chart-loading';
import { COLORS } from './chart-colors';
import type { CapacityMarker, ChartDot, LevelLine } from './capacity-chart';

/** uPlot comes with the Planner's charts only, after the page is up: it is not first-load JS. */
const CapacityChart = dynamic(() => import('./capacity-chart'), {
  ssr: false,
  loading: () => <ChartLoading height={300} />,
});

const percent = (ratio: number) => Math.round(ratio * 10_000) / 100;

/** The exact part of a series, and the inexact part (joined to the first exact point so the line is unbroken). */
function split(view: PlannerView, pick: (point: PlannerView['points'][number]) => number) {
  const firstExact = view.points.findIndex((point) => point.exact);
  const exact = view.points.map((point) => (point.exact ? percent(pick(point)) : null));
  const inexact = view.points.map((point, index) =>
    !point.exact || index === firstExact ? percent(pick(point)) : null,
  );
  return { exact, inexact, hasInexact: view.points.some((point) => !point.exact) };
}

/** Hit ratio and byte hit ratio against cache size (log axis), with the ceiling, the current size, the knee and the target. */
export function CurveChart({ view }: { view: PlannerView }) {
  const { x, series, hasInexact } = useMemo(() => {
    const points = view.points.filter((point) => point.capacityBytes > 0);
    const scoped = { ...view, points };
    const hits = split(scoped, (point) => point.hitRatio);
    const bytes = split(scoped, (point) => point.byteHitRatio);
    return {
      x: points.map((point) => point.capacityBytes),
      hasInexact: hits.hasInexact,
      series: [
        { label: 'Hit ratio', color: COLORS.hit, values: hits.exact, width: 4 },
        { label: 'Byte hit ratio', color: COLORS.byteHit, values: bytes.exact, width: 1.5 },
        {
          label: 'Hit ratio (not exact)',
          color: COLORS.inexact,
          values: hits.inexact,
          dash: [6, 4],
          width: 2.5,
        },
        {
          label: 'Byte hit ratio (not exact)',
          color: COLORS.inexact,
          values: bytes.inexact,
          dash: [2, 3],
          width: 1.5,
        },
      ],
    };
  }, [view]);

  const limit = exactFrom(view);
  const { markers, levels, dots } = useMemo(() => {
    const markers: CapacityMarker[] = [];
    if (hasInexact && limit > 0)
      markers.push({ x: limit, label: `not exact below ${formatSize(limit)}`, color: COLORS.inexact });
    if (view.current) {
      const measured =
        view.current.measuredHitRatio === null
          ? ''
          : `measured ${formatRatio(view.current.measuredHitRatio)}, `;
      markers.push({
        x: view.current.capacityBytes,
        label: `today ${formatSize(view.current.capacityBytes)}: ${measured}predicted ${formatRatio(view.current.predictedHitRatio)}`,
        color: COLORS.current,
      });
    }
    if (view.knee)
      markers.push({
        x: view.knee.capacityBytes,
        label: `knee ${formatSize(view.knee.capacityBytes)}: ${formatRatio(view.knee.hitRatio)}`,
        color: COLORS.knee,
      });
    if (view.target?.capacityBytes != null)
      markers.push({
        x: view.target.capacityBytes,
        label: `target ${formatRatio(view.target.hitRatio)}: ${formatSize(view.target.capacityBytes)}`,
        color: COLORS.target,
      });
    const levels: LevelLine[] = [
      {
        y: percent(view.compulsory.hitRatioCeiling),
        label: `ceiling ${formatRatio(view.compulsory.hitRatioCeiling)} (compulsory misses)`,
        color: COLORS.ceiling,
      },
    ];
    const dots: ChartDot[] = [];
    if (view.current?.measuredHitRatio != null)
      dots.push({
        x: view.current.capacityBytes,
        y: percent(view.current.measuredHitRatio),
        color: COLORS.current,
      });
    return { markers, levels, dots };
  }, [view, limit, hasInexact]);

  return (
    <figure className="m-0" data-testid="planner-chart">
      <div role="img" aria-label={describeCurve(view)}>
        <CapacityChart
          x={x}
          series={series}
          markers={markers}
          levels={levels}
          dots={dots}
          yRange={[0, 100]}
          height={300}
          formatY={(value) => (value === null ? '—' : `${Math.round(value * 10) / 10} %`)}
        />
      </div>
      <figcaption>
        <ChartLegend
          items={[
            { label: 'Hit ratio (acquires)', color: COLORS.hit, kind: 'line' },
            { label: 'Byte hit ratio', color: COLORS.byteHit, kind: 'line' },
            ...(hasInexact
              ? [
                  {
                    label: `Not exact below ${formatSize(limit)}`,
                    color: COLORS.inexact,
                    kind: 'dashed' as const,
                  },
                ]
              : []),
            { label: 'Ceiling (compulsory misses)', color: COLORS.ceiling, kind: 'dashed' as const },
            ...(view.current
              ? [{ label: 'Today’s size', color: COLORS.current, kind: 'marker' as const }]
              : []),
            ...(view.current?.measuredHitRatio != null
              ? [{ label: 'Measured today', color: COLORS.current, kind: 'dot' as const }]
              : []),
            ...(view.knee ? [{ label: 'Knee', color: COLORS.knee, kind: 'marker' as const }] : []),
            ...(view.target?.capacityBytes != null
              ? [{ label: 'Target size', color: COLORS.target, kind: 'marker' as const }]
              : []),
          ]}
        />
      </figcaption>
    </figure>
  );
}
