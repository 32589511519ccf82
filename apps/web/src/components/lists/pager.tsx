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
}

/** First / Previous / Next: keyset pages have no numbers, only neighbours. */
export function Pager({ page, paged, onPage, onFirst, disabled = false, label }: PagerProps) {
  if (!page || (!page.nextCursor && !page.prevCursor && !paged)) return null;
  return (
    <nav aria-label={label} className="flex items-center gap-2">
      <Button variant="ghost" disabled={disabled || !paged} onClick={onFirst}>
        First
      </Button>
      <Button disabled={disabled || !page.prevCursor} onClick={() => page.prevCursor && onPage(page.prevCursor, 'prev')}>
        ← Previous
      </Button>
      <Button disabled={disabled || !page.nextCursor} onClick={() => page.nextCursor && onPage(page.nextCursor, 'next')}>
        Next →
      </Button>
    </nav>
  );
}
