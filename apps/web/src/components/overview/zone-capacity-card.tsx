'use client';

import dynamic from 'next/dynamic';
import { useMemo } from 'react';
import type { ZoneOverview } from '@stowage/services';
import { Card } from '~/components/ui';
import { formatBytes } from '~/lib/format';
import { capacitySentence, FULL_WARNING_PCT, zoneCapacities } from './zone-capacity';

/** uPlot comes with the chart after the page is up: it is not in the Overview's first-load JS. */
const ZoneCapacityChart = dynamic(() => import('./zone-capacity-chart'), {
  ssr: false,
  loading: () => <div className="h-[250px] animate-pulse rounded-md bg-slate-100" />,
});

/** Capacity per zone as a chart, with the sentence an admin acts on beside it. */
export function ZoneCapacityCard({ zones }: { zones: ZoneOverview[] }) {
  const capacities = useMemo(() => zoneCapacities(zones), [zones]);
  const sentence = capacitySentence(capacities);
  const summary = capacities
    .filter((zone) => zone.totalBytes > 0)
    .map((zone) => `${zone.name} ${formatBytes(zone.usedBytes)} of ${formatBytes(zone.totalBytes)}`)
    .join('; ');
  return (
    <Card title="Capacity by zone" testId="zone-capacity" className="mb-6">
      <p className="mb-2 text-sm text-slate-700" data-testid="zone-capacity-sentence">
        {sentence}
      </p>
      {capacities.some((zone) => zone.totalBytes > 0) ? (
        <figure role="img" aria-label={`Used and total capacity per zone: ${summary}`} className="m-0 [&_.u-legend]:text-xs">
          <ZoneCapacityChart zones={capacities} fullPct={FULL_WARNING_PCT} />
        </figure>
      ) : null}
    </Card>
  );
}
