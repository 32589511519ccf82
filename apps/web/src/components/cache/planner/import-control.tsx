'use client';

import { useRef } from 'react';

/**
 * Picks a trace CSV (time,object,size) to plan instead of the zone's history. Operators and admins only:
 * the caller decides whether to show it.
 */
export function ImportControl({ onFile, pending }: { onFile: (file: File) => void; pending: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="planner-import" className="text-sm font-medium text-slate-700">
        Import a trace (CSV)
      </label>
      <input
        ref={input}
        id="planner-import"
        type="file"
        accept=".csv,text/csv"
        disabled={pending}
        aria-describedby="planner-import-hint"
        className="block w-64 text-sm text-slate-600 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          // The same file can be chosen again after fixing it.
          if (input.current) input.current.value = '';
        }}
      />
      <p id="planner-import-hint" className="text-xs text-slate-500">
        {pending ? 'Importing…' : 'Columns time,object,size; at most 64 MiB.'}
      </p>
    </div>
  );
}
