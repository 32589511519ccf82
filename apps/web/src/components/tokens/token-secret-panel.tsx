'use client';

import { useRef, useState } from 'react';
import { Button } from '~/components/ui';

export interface ShownSecret {
  name: string;
  secret: string;
}

/**
 * A new token's secret, shown once: the server keeps only its SHA-256. It stays on screen until dismissed, with a
 * copy button (and the text selectable, where the browser refuses the clipboard: plain HTTP off localhost).
 */
export function TokenSecretPanel({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const field = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(shown.secret);
      setCopied('yes');
    } catch {
      field.current?.select();
      setCopied('no');
    }
  }

  return (
    <section aria-labelledby="token-secret-title" className="mb-6 rounded-lg border border-indigo-300 bg-indigo-50 px-4 py-4 shadow-sm" data-testid="token-secret">
      <h2 id="token-secret-title" className="text-sm font-semibold text-indigo-950">
        Agent token {shown.name} created: its secret
      </h2>
      <p className="mt-1 text-sm text-indigo-950">
        Put it in the agents&apos; configuration now; they send it as <code className="font-mono">Authorization: Bearer …</code>.{' '}
        <strong className="font-semibold">You will not see it again:</strong> Stowage keeps only a hash of it. If it is lost, revoke the token and
        create another.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor="token-secret-value" className="sr-only">
          Secret of agent token {shown.name}
        </label>
        <input
          ref={field}
          id="token-secret-value"
          readOnly
          value={shown.secret}
          onFocus={(event) => event.target.select()}
          className="w-[32rem] max-w-full rounded-md border border-indigo-200 bg-white px-3 py-1.5 font-mono text-sm text-slate-900"
          data-testid="token-secret-value"
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
