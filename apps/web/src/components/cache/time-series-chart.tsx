'use client';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartAxis, type Theme } from '~/lib/theme';
import { useResolvedTheme } from '~/lib/use-theme';

export interface TimeSeriesChartProps {
  /** Unix seconds, one per point. */
  x: number[];
  /** null: no value in that minute (a gap, not a zero). */
  y: (number | null)[];
  kind: 'line' | 'bars';
  /** Series name in the hover legend. */
  name: string;
  color: string;
  /** A fixed y range (e.g. 0–100 for a percentage); otherwise 0 to the largest value, at least `minMax`. */
  yRange?: [number, number];
  minMax?: number;
  formatValue: (value: number | null) => string;
  height?: number;
}

function options(props: TimeSeriesChartProps, width: number, theme: Theme): uPlot.Options {
  const AXIS = chartAxis(theme);
  const { kind, name, color, yRange, minMax = 1, formatValue, height = 180 } = props;
  return {
    width,
    height,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false }, points: { size: 7 } },
    scales: {
      x: { time: true },
      y: { range: yRange ? () => yRange : (_self, _min, max) => [0, Math.max(minMax, Math.ceil((max ?? 0) * 1.15))] },
    },
    axes: [
      { ...AXIS, space: 60 },
      {
        ...AXIS,
        size: 44,
        values: (_self, ticks) => ticks.map((tick) => formatValue(tick)),
        // Whole numbers only on a count axis.
        incrs: yRange ? undefined : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000],
      },
    ],
    series: [
      { label: 'Minute', value: '{HH}:{mm}' },
      kind === 'bars'
        ? {
            label: name,
            stroke: color,
            fill: `${color}cc`,
            width: 0,
            paths: uPlot.paths.bars!({ size: [0.7, 24], align: 0 }),
            points: { show: false },
            value: (_self, value) => formatValue(value),
          }
        : {
            label: name,
            stroke: color,
            width: 2,
            fill: `${color}1f`,
            spanGaps: false,
            points: { show: true, size: 7, fill: color },
            value: (_self, value) => formatValue(value),
          },
    ],
  };
}

/**
 * A per-minute time series drawn with uPlot (canvas, ~20 kB gzipped), loaded only on the Cache page through
 * next/dynamic. It sizes itself to its container's width and redraws in place when new data arrives.
 */
export default function TimeSeriesChart(props: TimeSeriesChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const { kind, yRange, color } = props;
  const theme = useResolvedTheme();

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const plot = new uPlot(options(latest.current, Math.max(200, element.clientWidth), theme), [latest.current.x, latest.current.y], element);
    chart.current = plot;
    const observer = new ResizeObserver(() => {
      const width = Math.max(200, element.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: plot.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
    // The chart is rebuilt only when its shape or the theme changes; new data is set in place below.
  }, [theme, kind, color, yRange?.[0], yRange?.[1]]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    chart.current?.setData([props.x, props.y]);
  }, [props.x, props.y]);

  return <div ref={container} className="w-full" />;
}
