'use client';

import { ShownOncePanel } from '~/components/shown-once-panel';

export interface ShownSecret {
  name: string;
  secret: string;
}

/** A new token's secret, shown once: the server keeps only its SHA-256. */
export function TokenSecretPanel({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  return (
    <ShownOncePanel
      id="token-secret"
      title={`Agent token ${shown.name} created: its secret`}
      value={shown.secret}
      valueLabel={`Secret of agent token ${shown.name}`}
      valueClassName="w-[32rem] max-w-full"
      onDone={onDone}
    >
      Put it in the agents&apos; configuration now; they send it as <code className="font-mono">Authorization: Bearer …</code>.{' '}
      <strong className="font-semibold">You will not see it again:</strong> Stowage keeps only a hash of it. If it is lost, revoke the token and
      create another.
    </ShownOncePanel>
  );
}
