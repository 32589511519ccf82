/**
 * The colour theme: what the person chose (system, light or dark, kept in localStorage) and what the page
 * shows. globals.css does the colouring: the palette follows `color-scheme`, which follows the system unless
 * <html data-theme="light|dark"> forces one. This module is shared by the root layout (the inline script that
 * sets data-theme before the first paint) and the client (the switch, charts drawn on a canvas).
 */
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'stowage-theme';
/** Dispatched on window when the choice changes in this tab. */
export const THEME_EVENT = 'stowage-theme-change';

export function parseThemeChoice(value: unknown): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/**
 * Runs inline in <head>, before anything is painted: a stored light/dark choice becomes data-theme on <html>
 * (no flash of the other theme). It must not throw: localStorage can be off or full.
 */
export const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==='light'||t==='dark')document.documentElement.setAttribute('data-theme',t);}catch(e){}})();`;

/** The nonce of this response's Content-Security-Policy (server/security-headers.mjs), for the inline script. */
export function nonceFromPolicy(policy: string | null): string | undefined {
  return policy?.match(/'nonce-([A-Za-z0-9+/=_-]+)'/)?.[1];
}

/** Colours of what charts draw on a canvas (CSS variables do not reach it): axes, grid, labels' backing, ink. */
export function chartInk(theme: Theme) {
  return theme === 'dark'
    ? { axis: '#94a3b8', grid: '#334155', ticks: '#475569', labelBackground: 'rgba(15,23,42,0.85)', surface: '#0f172a', ink: '#e2e8f0' }
    : { axis: '#64748b', grid: '#e2e8f0', ticks: '#cbd5e1', labelBackground: 'rgba(255,255,255,0.85)', surface: '#ffffff', ink: '#0f172a' };
}

/** uPlot's axis style for a theme. */
export function chartAxis(theme: Theme) {
  const ink = chartInk(theme);
  return { stroke: ink.axis, grid: { stroke: ink.grid, width: 1 }, ticks: { stroke: ink.ticks, width: 1, size: 4 }, font: '11px ui-sans-serif, system-ui, sans-serif' };
}
