import type { StoreValidation } from '@stowage/services';

const MARK = { passed: '✓', failed: '✗', skipped: '–' } as const;
const TONE = { passed: 'text-emerald-700', failed: 'text-red-700', skipped: 'text-slate-400' } as const;

/** Each check of a store validation, passed or failed with its reason. */
export function ValidationReport({ result, onClose }: { result: StoreValidation; onClose: () => void }) {
  return (
    <section aria-label="Validation result" className="mt-3 rounded-md border border-slate-200 bg-slate-50 p-3">
      <div className="mb-2 flex items-center justify-between">
        <p className={`text-sm font-semibold ${result.passed ? 'text-emerald-700' : 'text-red-700'}`}>
          {result.passed ? 'All checks passed' : `${result.checks.filter((check) => check.outcome === 'failed').length} check(s) failed`}
          {result.latencyMs !== null ? <span className="ml-2 font-normal text-slate-500">latency {result.latencyMs} ms</span> : null}
          {result.uploadMiBps !== null ? (
            <span className="ml-2 font-normal text-slate-500">
              ↑ {result.uploadMiBps} MiB/s · ↓ {result.downloadMiBps} MiB/s
            </span>
          ) : null}
        </p>
        <button type="button" onClick={onClose} className="text-xs text-slate-500 hover:text-slate-800">
          Close
        </button>
      </div>
      <ul className="space-y-1">
        {result.checks.map((check) => (
          <li key={check.name} data-testid={`check-${check.name}`} data-outcome={check.outcome} className="grid grid-cols-[1.25rem_12rem_1fr_4rem] items-baseline gap-2 text-sm">
            <span aria-label={check.outcome} className={`font-bold ${TONE[check.outcome]}`}>
              {MARK[check.outcome]}
            </span>
            <span className="font-medium text-slate-700">{check.name}</span>
            <span className={check.outcome === 'failed' ? 'text-red-700' : 'text-slate-600'}>{check.detail}</span>
            <span className="text-right text-xs text-slate-400">{check.outcome === 'skipped' ? '' : `${check.durationMs} ms`}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
