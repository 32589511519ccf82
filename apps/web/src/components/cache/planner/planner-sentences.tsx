import type { PlannerView } from '@stowage/core/planner';
import { plannerSentences } from '~/lib/planner';

/** The figures a person acts on, as sentences, each one readable by tests through its data-testid. */
export function PlannerSentences({ view, targetPercent }: { view: PlannerView; targetPercent: number }) {
  const sentences = plannerSentences(view, targetPercent);
  const lead: { id: string; text: string | null; strong?: boolean }[] = [
    { id: 'target', text: sentences.target, strong: true },
    { id: 'ceiling', text: sentences.ceiling },
    { id: 'current', text: sentences.current },
    { id: 'knee', text: sentences.knee },
    { id: 'pull', text: sentences.pull },
  ];
  return (
    <div className="space-y-3">
      <ul className="space-y-2 text-sm text-slate-800">
        {lead
          .filter((sentence) => sentence.text)
          .map((sentence) => (
            <li
              key={sentence.id}
              data-testid={`planner-sentence-${sentence.id}`}
              className={
                sentence.strong
                  ? 'text-base font-semibold text-slate-900'
                  : 'border-l-2 border-slate-200 pl-3'
              }
            >
              {sentence.text}
            </li>
          ))}
      </ul>
      <div className="space-y-1 text-xs text-slate-500">
        <p data-testid="planner-sentence-window">{sentences.window}</p>
        <p data-testid="planner-sentence-warmup">{sentences.warmup}</p>
        {sentences.exact ? <p data-testid="planner-sentence-exact">{sentences.exact}</p> : null}
      </div>
    </div>
  );
}
