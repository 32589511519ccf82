'use client';

import { Button } from '~/components/ui';

export interface PagerProps {
  page: { nextCursor?: string; prevCursor?: string } | undefined;
  /** The list is on a page other than the first (a cursor is in the URL). */
  paged: boolean;
  onPage: (cursor: string, direction: 'next' | 'prev') => void;
  onFirst: () => void;
  /** While the next page loads, the buttons wait. */
  disabled?: boolean;
  /** Names the navigation for screen readers: "Object pages". */
  label: string;
  /** The buttons' words where a list has better ones than First / Previous / Next (Events: Newest / Newer / Older). */
  labels?: { first: string; prev: string; next: string };
}

const DEFAULT_LABELS = { first: 'First', prev: '← Previous', next: 'Next →' };

/** First / Previous / Next: keyset pages have no numbers, only neighbours. */
export function Pager({ page, paged, onPage, onFirst, disabled = false, label, labels = DEFAULT_LABELS }: PagerProps) {
  if (!page || (!page.nextCursor && !page.prevCursor && !paged)) return null;
  return (
    <nav aria-label={label} className="flex items-center gap-2">
      <Button variant="ghost" disabled={disabled || !paged} onClick={onFirst}>
        {labels.first}
      </Button>
      <Button disabled={disabled || !page.prevCursor} onClick={() => page.prevCursor && onPage(page.prevCursor, 'prev')}>
        {labels.prev}
      </Button>
      <Button disabled={disabled || !page.nextCursor} onClick={() => page.nextCursor && onPage(page.nextCursor, 'next')}>
        {labels.next}
      </Button>
    </nav>
  );
}
