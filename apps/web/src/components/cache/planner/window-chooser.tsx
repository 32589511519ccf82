'use client';

import { PLANNER_WINDOWS_DAYS, type PlannerWindowDays } from '@stowage/core/planner';

const LABELS: Record<PlannerWindowDays, string> = { 1: '1 day', 7: '7 days', 30: '30 days', 90: '90 days' };

/** Which window of recorded acquires the curve is built from. */
export function WindowChooser({
  value,
  onChange,
  disabled = false,
}: {
  value: PlannerWindowDays;
  onChange: (days: PlannerWindowDays) => void;
  disabled?: boolean;
}) {
  return (
    <div className="flex flex-col gap-1">
      <span id="planner-window-label" className="text-sm font-medium text-slate-700">
        Window
      </span>
      <div
        role="group"
        aria-labelledby="planner-window-label"
        className="inline-flex rounded-md shadow-sm"
        data-testid="planner-window"
      >
        {PLANNER_WINDOWS_DAYS.map((days, index) => {
          const active = days === value;
          return (
            <button
              key={days}
              type="button"
              aria-pressed={active}
              disabled={disabled}
              onClick={() => onChange(days)}
              className={`border px-3 py-1.5 text-sm font-medium focus:z-10 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-1 disabled:cursor-not-allowed disabled:opacity-60 ${
                index === 0 ? 'rounded-l-md' : '-ml-px'
              } ${index === PLANNER_WINDOWS_DAYS.length - 1 ? 'rounded-r-md' : ''} ${
                active
                  ? 'border-indigo-600 bg-indigo-600 text-white'
                  : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'
              }`}
            >
              {LABELS[days]}
            </button>
          );
        })}
      </div>
    </div>
  );
}
