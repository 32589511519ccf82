'use client';

import { useId, type ReactNode } from 'react';

/** A filter's label above its control, tied by id (a wrapping label would name the control with its value too). */
export function FilterField({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children(id)}
    </div>
  );
}
