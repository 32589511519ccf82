'use client';

import { useCallback, useSyncExternalStore } from 'react';
import { parseThemeChoice, THEME_EVENT, THEME_STORAGE_KEY, type Theme, type ThemeChoice } from './theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function readChoice(): ThemeChoice {
  try {
    return parseThemeChoice(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system';
  }
}

/** Keeps <html data-theme> in line with a choice (absent for "system": the CSS follows the system). */
function apply(choice: ThemeChoice) {
  const root = document.documentElement;
  if (choice === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

function subscribe(onChange: () => void) {
  const media = window.matchMedia(DARK_QUERY);
  // A choice made in another tab applies here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== null && event.key !== THEME_STORAGE_KEY) return;
    apply(readChoice());
    onChange();
  };
  media.addEventListener('change', onChange);
  window.addEventListener(THEME_EVENT, onChange);
  window.addEventListener('storage', onStorage);
  return () => {
    media.removeEventListener('change', onChange);
    window.removeEventListener(THEME_EVENT, onChange);
    window.removeEventListener('storage', onStorage);
  };
}

function resolve(choice: ThemeChoice): Theme {
  if (choice !== 'system') return choice;
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** The theme choice and a setter that remembers it and applies it at once (and in other tabs). */
export function useThemeChoice(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const choice = useSyncExternalStore(subscribe, readChoice, () => 'system' as const);
  const setChoice = useCallback((next: ThemeChoice) => {
    try {
      if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Not remembered, still applied to this page.
    }
    apply(next);
    window.dispatchEvent(new Event(THEME_EVENT));
  }, []);
  return [choice, setChoice];
}

/** The theme the page shows now: for what is drawn in JavaScript (charts on a canvas). Light on the server. */
export function useResolvedTheme(): Theme {
  return useSyncExternalStore(subscribe, () => resolve(readChoice()), () => 'light' as const);
}
