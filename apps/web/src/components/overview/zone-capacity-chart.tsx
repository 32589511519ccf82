'use client';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatBytes } from '~/lib/format';
import { chartAxis, type Theme } from '~/lib/theme';
import { useResolvedTheme } from '~/lib/use-theme';
import type { ZoneCapacity } from './zone-capacity';

const CAPACITY_COLOR = '#94a3b8';
const USED_COLOR = '#4f46e5';
const FULL_COLOR = '#dc2626';

const isFull = (zone: ZoneCapacity, fullPct: number) => zone.totalBytes > 0 && (zone.usedBytes / zone.totalBytes) * 100 >= fullPct;

function usedSeries(label: string, color: string): uPlot.Series {
  return {
    label,
    stroke: color,
    fill: color,
    width: 0,
    paths: uPlot.paths.bars!({ size: [0.36, 48], align: 0 }),
    points: { show: false },
    value: (_self, value) => (value === null ? '—' : formatBytes(value)),
  };
}

function options(zones: ZoneCapacity[], width: number, theme: Theme, fullPct: number): uPlot.Options {
  const AXIS = chartAxis(theme);
  const names = zones.map((zone) => zone.name);
  const label = (index: number) => names[index] ?? '';
  return {
    width,
    height: 220,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: { time: false, range: () => [-0.5, zones.length - 0.5] },
      y: { range: (_self, _min, max) => [0, Math.max(1, (max ?? 0) * 1.1)] },
    },
    axes: [
      { ...AXIS, splits: () => zones.map((_zone, index) => index), values: (_self, ticks) => ticks.map((tick) => label(tick).slice(0, 16)), grid: { show: false } },
      { ...AXIS, size: 64, values: (_self, ticks) => ticks.map((tick) => formatBytes(tick)) },
    ],
    series: [
      { label: 'Zone', value: (_self, index) => label(index) },
      {
        label: 'Capacity',
        stroke: CAPACITY_COLOR,
        fill: `${CAPACITY_COLOR}55`,
        width: 0,
        paths: uPlot.paths.bars!({ size: [0.6, 80], align: 0 }),
        points: { show: false },
        value: (_self, value) => (value === null ? '—' : formatBytes(value)),
      },
      usedSeries('Used', USED_COLOR),
      usedSeries(`Used, past ${fullPct} %`, FULL_COLOR),
    ],
  };
}

/**
 * Each zone's capacity (the known sizes of its stores) with what is used inside it, drawn with uPlot (loaded on
 * the Overview through next/dynamic, not in its first-load JS). A zone past `fullPct` is drawn red.
 */
export default function ZoneCapacityChart({ zones, fullPct }: { zones: ZoneCapacity[]; fullPct: number }) {
  const container = useRef<HTMLDivElement>(null);
  const theme = useResolvedTheme();
  const key = JSON.stringify(zones);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const data: uPlot.AlignedData = [
      zones.map((_zone, index) => index),
      zones.map((zone) => (zone.totalBytes > 0 ? zone.totalBytes : null)),
      zones.map((zone) => (zone.totalBytes > 0 && !isFull(zone, fullPct) ? zone.usedBytes : null)),
      zones.map((zone) => (isFull(zone, fullPct) ? zone.usedBytes : null)),
    ];
    const plot = new uPlot(options(zones, Math.max(240, element.clientWidth), theme, fullPct), data, element);
    const observer = new ResizeObserver(() => {
      const width = Math.max(240, element.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: plot.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [key, theme, fullPct]); // eslint-disable-line react-hooks/exhaustive-deps

  return <div ref={container} className="w-full" data-testid="zone-capacity-chart" />;
}
