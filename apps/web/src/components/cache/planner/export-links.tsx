import type { PlannerWindowDays } from '@stowage/core/planner';
import { plannerCsvUrl } from '~/lib/planner';

const linkClass =
  'inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1';

/** CSV downloads of the zone's window: the curve, and the recorded accesses (importable again). */
export function ExportLinks({
  zoneId,
  zoneName,
  windowDays,
}: {
  zoneId: string;
  zoneName: string;
  windowDays: PlannerWindowDays;
}) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-sm font-medium text-slate-700">Export</span>
      <div className="flex gap-2">
        <a
          className={linkClass}
          href={plannerCsvUrl('curve', zoneId, windowDays)}
          download={`${zoneName}-curve-${windowDays}d.csv`}
        >
          Curve CSV
        </a>
        <a
          className={linkClass}
          href={plannerCsvUrl('trace', zoneId, windowDays)}
          download={`${zoneName}-trace-${windowDays}d.csv`}
        >
          Trace CSV
        </a>
      </div>
    </div>
  );
}
