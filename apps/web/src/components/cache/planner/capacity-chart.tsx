'use client';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatBytes } from '~/lib/format';
import { chartAxis, chartInk, type Theme } from '~/lib/theme';
import { useResolvedTheme } from '~/lib/use-theme';

export interface CapacitySeries {
  label: string;
  color: string;
  /** One per x; null where the series is not drawn. */
  values: (number | null)[];
  dash?: number[];
  width?: number;
}

/** A vertical line at a capacity, labelled at its top. */
export interface CapacityMarker {
  x: number;
  label: string;
  color: string;
}

/** A horizontal line at a value of the y axis. */
export interface LevelLine {
  y: number;
  label: string;
  color: string;
}

/** A single point (e.g. a measured figure), drawn as a ring. */
export interface ChartDot {
  x: number;
  y: number;
  color: string;
}

export interface CapacityChartProps {
  /** Capacities in bytes, ascending, all above 0 (the x axis is logarithmic). */
  x: number[];
  series: CapacitySeries[];
  markers?: CapacityMarker[];
  levels?: LevelLine[];
  dots?: ChartDot[];
  yRange?: [number, number];
  formatY: (value: number | null) => string;
  /** The y axis counts bytes: ticks on round binary sizes (1, 2, 5, 10… KiB, MiB…). */
  yBytes?: boolean;
  height?: number;
}

/** A colour as a canvas takes it: a CSS variable (e.g. one that differs per theme) resolved where the chart is. */
function canvasColor(element: HTMLElement, color: string): string {
  if (!color.startsWith('var(')) return color;
  const probe = document.createElement('span');
  probe.style.color = color;
  element.appendChild(probe);
  const resolved = getComputedStyle(probe).color;
  probe.remove();
  return resolved;
}

/** Ticks at powers of two, thinned to at most one per ~80 px so the byte labels never overlap. */
function byteSplits(self: uPlot, _axis: number, min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [min];
  const lo = Math.ceil(Math.log2(min));
  const hi = Math.floor(Math.log2(max));
  const room = Math.max(2, Math.floor(self.bbox.width / uPlot.pxRatio / 80));
  const step = Math.max(1, Math.ceil((hi - lo + 1) / room));
  // Keep the ticks on round units (1, 4, 16, 64… of each unit) when thinning by two or more.
  const start = step > 1 ? Math.ceil(lo / step) * step : lo;
  const ticks: number[] = [];
  for (let power = start; power <= hi; power += step) ticks.push(2 ** power);
  // A narrow range (e.g. 8–16 MiB) also gets the sizes halfway between powers of two (12 MiB).
  if (step === 1 && ticks.length < 4) {
    for (let power = lo - 1; power <= hi; power += 1) {
      const middle = 1.5 * 2 ** power;
      if (middle >= min && middle <= max) ticks.push(middle);
    }
    ticks.sort((a, b) => a - b);
  }
  return ticks.length > 0 ? ticks : [min, max];
}

/** Ticks from 0 on a round step of a binary unit, about four of them. */
function byteValueSplits(_self: uPlot, _axis: number, _min: number, max: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / 4;
  const unit = 1024 ** Math.max(0, Math.floor(Math.log(raw) / Math.log(1024)));
  const nice = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((step) => step * unit >= raw) ?? 1000;
  const step = nice * unit;
  const ticks: number[] = [];
  for (let value = 0; value <= max + step / 1000; value += step) ticks.push(value);
  return ticks;
}

/** An axis as wide as its longest label. */
function axisSize(_self: uPlot, values: string[] | null): number {
  const longest = values ? Math.max(0, ...values.map((value) => value.length)) : 6;
  return Math.ceil(longest * 6.6) + 16;
}

function drawOverlays(u: uPlot, props: CapacityChartProps, theme: Theme) {
  const { ctx } = u;
  const ink = chartInk(theme);
  const color = (value: string) => canvasColor(u.root, value);
  const { left, top, width, height } = u.bbox;
  const ratio = uPlot.pxRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.font = `${11 * ratio}px ui-sans-serif, system-ui, sans-serif`;
  ctx.textBaseline = 'top';

  for (const level of props.levels ?? []) {
    const y = Math.round(u.valToPos(level.y, 'y', true));
    ctx.strokeStyle = color(level.color);
    ctx.lineWidth = 1.5 * ratio;
    ctx.setLineDash([2 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = color(level.color);
    ctx.textAlign = 'right';
    ctx.fillText(level.label, left + width - 4 * ratio, y + 3 * ratio);
  }

  let row = 0;
  for (const marker of props.markers ?? []) {
    const x = Math.round(u.valToPos(marker.x, 'x', true));
    if (x < left - 1 || x > left + width + 1) continue;
    ctx.strokeStyle = color(marker.color);
    ctx.lineWidth = 1.5 * ratio;
    ctx.setLineDash([5 * ratio, 3 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.setLineDash([]);
    // Labels on their own rows so close markers stay readable; right of the line unless near the right edge.
    const textWidth = ctx.measureText(marker.label).width;
    const onLeft = x + 4 * ratio + textWidth > left + width;
    const labelY = top + 4 * ratio + row * 15 * ratio;
    ctx.fillStyle = ink.labelBackground;
    ctx.fillRect(
      onLeft ? x - 6 * ratio - textWidth : x + 2 * ratio,
      labelY - 1 * ratio,
      textWidth + 4 * ratio,
      14 * ratio,
    );
    ctx.fillStyle = color(marker.color);
    ctx.textAlign = onLeft ? 'right' : 'left';
    ctx.fillText(marker.label, onLeft ? x - 4 * ratio : x + 4 * ratio, labelY);
    row += 1;
  }

  for (const dot of props.dots ?? []) {
    const x = u.valToPos(dot.x, 'x', true);
    const y = u.valToPos(dot.y, 'y', true);
    ctx.strokeStyle = color(dot.color);
    ctx.fillStyle = ink.surface;
    ctx.lineWidth = 2.5 * ratio;
    ctx.beginPath();
    ctx.arc(x, y, 5 * ratio, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
}

/** The figures under the cursor, as one line of text (the chart has no uPlot legend: it would take room under it). */
function readoutText(u: uPlot, props: CapacityChartProps): string {
  const index = u.cursor.idx;
  if (index === null || index === undefined) return '';
  const x = u.data[0][index];
  if (x === undefined || x === null) return '';
  const parts = props.series
    .map((series, position) => ({ label: series.label, value: u.data[position + 1]?.[index] }))
    .filter((part) => part.value !== null && part.value !== undefined)
    .map((part) => `${part.label} ${props.formatY(part.value as number)}`);
  return `At ${formatBytes(x)}: ${parts.join(' · ')}`;
}

function options(
  props: CapacityChartProps,
  latest: { current: CapacityChartProps },
  width: number,
  readout: { current: HTMLElement | null },
  element: HTMLElement,
  theme: Theme,
): uPlot.Options {
  const AXIS = chartAxis(theme);
  const { yRange, formatY, yBytes = false, height = 260 } = props;
  return {
    width,
    height,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: {
      // A little room either side, so a marker at the first or last size is not on the frame.
      x: { time: false, distr: 3, log: 2, range: (_self, min, max) => [min / 1.15, max * 1.15] },
      y: { range: yRange ? () => yRange : (_self, _min, max) => [0, Math.max(1, (max ?? 0) * 1.1)] },
    },
    axes: [
      {
        ...AXIS,
        space: 80,
        splits: byteSplits,
        // uPlot's own filter for log axes blanks ticks off its 1-2-5 decades; these are powers of two.
        filter: (_self, splits) => splits,
        values: (_self, ticks) => ticks.map((tick) => formatBytes(tick)),
      },
      {
        ...AXIS,
        size: axisSize,
        splits: yBytes ? byteValueSplits : undefined,
        values: (_self, ticks) => ticks.map((tick) => formatY(tick)),
      },
    ],
    series: [
      { label: 'Cache size', value: (_self, value) => (value == null ? '—' : formatBytes(value)) },
      ...props.series.map((series) => ({
        label: series.label,
        stroke: canvasColor(element, series.color),
        width: series.width ?? 2,
        dash: series.dash,
        spanGaps: false,
        points: { show: false },
        value: (_self: uPlot, value: number | null) => formatY(value),
      })),
    ],
    hooks: {
      draw: [(u) => drawOverlays(u, latest.current, theme)],
      setCursor: [
        (u) => {
          if (readout.current) readout.current.textContent = readoutText(u, latest.current) || '\u00a0';
        },
      ],
    },
  };
}

/**
 * Figures against cache size on a logarithmic byte axis, drawn with uPlot (loaded with the Planner tab only,
 * through next/dynamic), with markers (current size, knee, target) and level lines (the ceiling) on top.
 */
export default function CapacityChart(props: CapacityChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const readout = useRef<HTMLParagraphElement>(null);
  const theme = useResolvedTheme();
  const latest = useRef(props);
  latest.current = props;
  const shape = props.series
    .map((series) => `${series.label}:${series.color}:${series.dash?.join(',') ?? ''}`)
    .join('|');

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const current = latest.current;
    const plot = new uPlot(
      options(current, latest, Math.max(240, element.clientWidth), readout, element, theme),
      [current.x, ...current.series.map((series) => series.values)],
      element,
    );
    chart.current = plot;
    const observer = new ResizeObserver(() => {
      const width = Math.max(240, element.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: plot.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
      chart.current = null;
    };
    // Rebuilt only when the series change shape or the theme changes; new data is set in place below.
  }, [shape, theme, props.yRange?.[0], props.yRange?.[1]]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    chart.current?.setData([props.x, ...props.series.map((series) => series.values)]);
  }, [props.x, props.series]);

  useEffect(() => {
    chart.current?.redraw(false, false);
  }, [props.markers, props.levels, props.dots]);

  return (
    <div>
      {/* Hover values for pointer users; the figure's label and the sentences carry them for everyone. */}
      <p ref={readout} aria-hidden="true" className="mb-1 h-4 truncate text-xs text-slate-600 tabular-nums">
        {'\u00a0'}
      </p>
      <div ref={container} className="w-full" />
    </div>
  );
}
