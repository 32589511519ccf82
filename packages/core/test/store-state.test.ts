import { describe, expect, it } from 'vitest';
import { STORE_ADMIN_STATES, type StoreAdminState } from '../src/domain';
import {
  STORE_DISPLAY_STATES,
  storeAcceptsWrites,
  storeDisplayState,
  type StoreDisplayState,
} from '../src/store-state';

type Probe = 'never probed' | 'probe ok' | 'probe failed';

const PROBES: Record<Probe, { lastProbeAt: Date | null; lastProbeOk: boolean | null }> = {
  'never probed': { lastProbeAt: null, lastProbeOk: null },
  'probe ok': { lastProbeAt: new Date('2025-01-01T00:00:00Z'), lastProbeOk: true },
  'probe failed': { lastProbeAt: new Date('2025-01-01T00:00:00Z'), lastProbeOk: false },
};

/** Admin state × probe outcome → what an admin sees. Written out by hand on purpose. */
// prettier-ignore
const EXPECTED: Record<StoreAdminState, Record<Probe, StoreDisplayState>> = {
  active:      { 'never probed': 'unknown',     'probe ok': 'up',          'probe failed': 'down' },
  read_only:   { 'never probed': 'unknown',     'probe ok': 'read_only',   'probe failed': 'down' },
  draining:    { 'never probed': 'unknown',     'probe ok': 'draining',    'probe failed': 'down' },
  maintenance: { 'never probed': 'maintenance', 'probe ok': 'maintenance', 'probe failed': 'maintenance' },
};

const cases = STORE_ADMIN_STATES.flatMap((adminState) =>
  (Object.keys(PROBES) as Probe[]).map((probe) => ({
    adminState,
    probe,
    expected: EXPECTED[adminState][probe],
  })),
);

describe('storeDisplayState', () => {
  it('the matrix covers every admin state', () => {
    expect([...STORE_ADMIN_STATES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(cases).toHaveLength(4 * 3);
  });

  it.each(cases)('$adminState, $probe → $expected', ({ adminState, probe, expected }) => {
    const shown = storeDisplayState({ adminState, ...PROBES[probe] });
    expect(shown).toBe(expected);
    expect(STORE_DISPLAY_STATES).toContain(shown);
  });

  it('maintenance hides probe results: the admin chose it', () => {
    for (const probe of Object.values(PROBES)) {
      expect(storeDisplayState({ adminState: 'maintenance', ...probe })).toBe('maintenance');
    }
  });

  it('a failed probe shows down even for a read-only store', () => {
    expect(storeDisplayState({ adminState: 'read_only', ...PROBES['probe failed'] })).toBe('down');
  });

  it('is unknown when only half of the probe record is present', () => {
    const at = new Date('2025-01-01T00:00:00Z');
    for (const adminState of ['active', 'read_only'] as const) {
      expect(storeDisplayState({ adminState, lastProbeAt: at, lastProbeOk: null })).toBe('unknown');
      expect(storeDisplayState({ adminState, lastProbeAt: null, lastProbeOk: true })).toBe('unknown');
      expect(storeDisplayState({ adminState, lastProbeAt: null, lastProbeOk: false })).toBe('unknown');
    }
  });
});

describe('storeAcceptsWrites', () => {
  it.each([
    ['active', true],
    ['read_only', false],
    ['maintenance', false],
  ] as const)('%s → %s', (adminState, accepts) => {
    expect(storeAcceptsWrites(adminState)).toBe(accepts);
  });

  it('only active stores accept writes', () => {
    expect(STORE_ADMIN_STATES.filter(storeAcceptsWrites)).toEqual(['active']);
  });
});
