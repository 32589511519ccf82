'use client';

import { ShownOncePanel } from '~/components/shown-once-panel';

export interface ShownPassword {
  username: string;
  password: string;
  /** What happened: "created", "reset". */
  reason: 'created' | 'reset';
}

/** A one-time password, shown once: the server keeps only its hash. */
export function OneTimePasswordPanel({ shown, onDone }: { shown: ShownPassword; onDone: () => void }) {
  return (
    <ShownOncePanel
      id="one-time-password"
      title={`${shown.reason === 'created' ? `User ${shown.username} created` : `Password of ${shown.username} reset`}: their one-time password`}
      value={shown.password}
      valueLabel={`One-time password for ${shown.username}`}
      valueClassName="w-72 tracking-wide"
      onDone={onDone}
    >
      Give it to {shown.username} by a safe route. They sign in with it once and must then choose their own.{' '}
      <strong className="font-semibold">It will not be shown again.</strong>
    </ShownOncePanel>
  );
}
