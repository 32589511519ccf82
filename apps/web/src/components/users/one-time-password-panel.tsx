'use client';

import { useRef, useState } from 'react';
import { Button } from '~/components/ui';

export interface ShownPassword {
  username: string;
  password: string;
  /** What happened: "created", "reset". */
  reason: 'created' | 'reset';
}

/**
 * A one-time password, shown once: the server keeps only its hash. It stays on screen until dismissed, with a
 * copy button (and the text selectable, where the browser refuses the clipboard: plain HTTP off localhost).
 */
export function OneTimePasswordPanel({ shown, onDone }: { shown: ShownPassword; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const field = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(shown.password);
      setCopied('yes');
    } catch {
      field.current?.select();
      setCopied('no');
    }
  }

  return (
    <section
      aria-labelledby="one-time-password-title"
      className="mb-6 rounded-lg border border-indigo-300 bg-indigo-50 px-4 py-4 shadow-sm"
      data-testid="one-time-password"
    >
      <h2 id="one-time-password-title" className="text-sm font-semibold text-indigo-950">
        {shown.reason === 'created' ? `User ${shown.username} created` : `Password of ${shown.username} reset`}: their one-time password
      </h2>
      <p className="mt-1 text-sm text-indigo-950">
        Give it to {shown.username} by a safe route. They sign in with it once and must then choose their own.{' '}
        <strong className="font-semibold">It will not be shown again.</strong>
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor="one-time-password-value" className="sr-only">
          One-time password for {shown.username}
        </label>
        <input
          ref={field}
          id="one-time-password-value"
          readOnly
          value={shown.password}
          onFocus={(event) => event.target.select()}
          className="w-72 rounded-md border border-indigo-200 bg-white px-3 py-1.5 font-mono text-sm tracking-wide text-slate-900"
          data-testid="one-time-password-value"
        />
        <Button variant="primary" onClick={copy}>
          Copy
        </Button>
        <Button onClick={onDone}>Done, hide it</Button>
        <span role="status" className="text-xs text-indigo-900">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'This browser refused the clipboard: the text is selected, press Ctrl+C.' : ''}
        </span>
      </div>
    </section>
  );
}
