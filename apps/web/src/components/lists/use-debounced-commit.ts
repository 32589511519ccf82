'use client';

import { useEffect, useState } from 'react';

/**
 * A text box's own text that follows an outside value (e.g. the URL), and commits it once typing pauses.
 * Returns [text, setText, commitNow] for the input's value, onChange and Enter.
 */
export function useDebouncedCommit(value: string, onCommit: (value: string) => void, ms = 300) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onCommit(text), ms);
    return () => clearTimeout(timer);
  }, [text, value, onCommit, ms]);
  return [text, setText, () => text !== value && onCommit(text)] as const;
}
