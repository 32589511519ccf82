/** The Planner's colours, shared by the charts and their legends. */
export const COLORS = {
  hit: '#4f46e5',
  byteHit: '#0d9488',
  inexact: '#94a3b8',
  ceiling: '#dc2626',
  current: '#0f172a',
  knee: '#d97706',
  target: '#059669',
  pull: '#7c3aed',
} as const;
