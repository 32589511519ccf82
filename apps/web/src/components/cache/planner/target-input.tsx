'use client';

import { useEffect, useRef, useState } from 'react';
import { inputClass } from '~/components/ui';
import { TARGET_MAX, TARGET_MIN, validateTarget } from '~/lib/planner';

const DEBOUNCE_MS = 400;

/**
 * The hit ratio to plan for, in percent. Typing is debounced; a value outside 1–99.9 (or not a number)
 * is refused at the field and the last good target stays in use.
 */
export function TargetInput({ value, onChange }: { value: number; onChange: (percent: number) => void }) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const lastSent = useRef(value);

  // The URL changed elsewhere (back button, a shared link): show its target.
  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(String(value));
      setError(null);
    }
  }, [value]);

  useEffect(() => {
    const parsed = validateTarget(text);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    if (parsed.value === lastSent.current) return;
    const timer = setTimeout(() => {
      lastSent.current = parsed.value;
      onChangeRef.current(parsed.value);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="planner-target" className="text-sm font-medium text-slate-700">
        Target hit ratio (%)
      </label>
      <input
        id="planner-target"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        className={`${inputClass} w-28`}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'planner-target-error' : 'planner-target-hint'}
        onChange={(event) => setText(event.target.value)}
      />
      {error ? (
        <p
          id="planner-target-error"
          className="max-w-[14rem] text-xs text-red-700"
          data-testid="planner-target-error"
        >
          {error}
        </p>
      ) : (
        <p id="planner-target-hint" className="text-xs text-slate-500">
          {TARGET_MIN}–{TARGET_MAX} % of acquires
        </p>
      )}
    </div>
  );
}
