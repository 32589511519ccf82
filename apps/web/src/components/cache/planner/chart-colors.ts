/** The Planner's colours, shared by the charts and their legends. */
export const COLORS = {
  hit: '#4f46e5',
  byteHit: '#0d9488',
  inexact: '#94a3b8',
  ceiling: '#dc2626',
  // A CSS variable: near-black in the light theme, near-white in the dark one (charts resolve it on their canvas).
  current: 'var(--color-slate-900)',
  knee: '#d97706',
  target: '#059669',
  pull: '#7c3aed',
} as const;
