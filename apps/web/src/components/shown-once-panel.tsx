'use client';

import { useRef, useState, type ReactNode } from 'react';
import { Button } from '~/components/ui';

/**
 * A secret shown once (the server keeps only its hash): it stays on screen until dismissed, with a copy button,
 * and the text selected where the browser refuses the clipboard (plain HTTP off localhost).
 */
export function ShownOncePanel(props: {
  /** Names the panel's elements and their test ids: `<id>`, `<id>-value`, `<id>-title`. */
  id: string;
  title: ReactNode;
  children: ReactNode;
  value: string;
  valueLabel: string;
  valueClassName: string;
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const field = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied('yes');
    } catch {
      field.current?.select();
      setCopied('no');
    }
  }

  return (
    <section aria-labelledby={`${props.id}-title`} className="mb-6 rounded-lg border border-indigo-300 bg-indigo-50 px-4 py-4 shadow-sm" data-testid={props.id}>
      <h2 id={`${props.id}-title`} className="text-sm font-semibold text-indigo-950">
        {props.title}
      </h2>
      <p className="mt-1 text-sm text-indigo-950">{props.children}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor={`${props.id}-value`} className="sr-only">
          {props.valueLabel}
        </label>
        <input
          ref={field}
          id={`${props.id}-value`}
          readOnly
          value={props.value}
          onFocus={(event) => event.target.select()}
          className={`rounded-md border border-indigo-200 bg-white px-3 py-1.5 font-mono text-sm text-slate-900 ${props.valueClassName}`}
          data-testid={`${props.id}-value`}
        />
        <Button variant="primary" onClick={copy}>
          Copy
        </Button>
        <Button onClick={props.onDone}>Done, hide it</Button>
        <span role="status" className="text-xs text-indigo-900">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'This browser refused the clipboard: the text is selected, press Ctrl+C.' : ''}
        </span>
      </div>
    </section>
  );
}
