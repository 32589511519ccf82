'use client';

import { THEME_CHOICES, type ThemeChoice } from '~/lib/theme';
import { useThemeChoice } from '~/lib/use-theme';

const LABELS: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** System, light or dark: three radio buttons (arrow keys move between them), remembered in this browser. */
export function ThemeSwitch() {
  const [choice, setChoice] = useThemeChoice();
  return (
    <fieldset className="mt-3" data-testid="theme-switch">
      <legend className="mb-1 text-xs text-chrome-300">Theme</legend>
      <div className="inline-flex rounded-md border border-chrome-600 p-0.5">
        {THEME_CHOICES.map((option) => (
          <label key={option} className="relative">
            <input
              type="radio"
              name="theme"
              value={option}
              checked={choice === option}
              onChange={() => setChoice(option)}
              className="peer absolute inset-0 cursor-pointer opacity-0"
            />
            <span className="block rounded px-2 py-0.5 text-xs font-medium text-chrome-300 peer-checked:bg-chrome-700 peer-checked:text-chrome-white peer-hover:text-chrome-white peer-focus-visible:outline-2 peer-focus-visible:outline-offset-1 peer-focus-visible:outline-chrome-focus">
              {LABELS[option]}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
