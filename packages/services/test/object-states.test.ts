/* What the Objects page says of an object, derived from its replica rows: it never says more than is true. */
import { describe, expect, it } from 'vitest';
import type { Columns, SummarizedRow } from '../src/objects/object-views';
import { summarize } from '../src/objects/object-views';
import type { CellReplica } from '../src/objects/sync-cell';
import { transferProgress } from '../src/jobs/job-view';

const row = (overrides: Partial<SummarizedRow> = {}): SummarizedRow => ({
  id: 'o',
  name: 'image',
  kind: 'template',
  format: 'qcow2',
  sizeBytes: 10n,
  sha256: 'f'.repeat(64),
  originType: 'url',
  originUrl: 'https://example.com/image',
  originZoneId: 'za',
  placement: 'all_zones',
  createdAt: new Date(0),
  deletedAt: null,
  placements: [],
  ...overrides,
});

const stores = {
  'rec-a': { id: 'rec-a', name: 'nfs-a', role: 'record', zoneId: 'za' },
  'rec-b': { id: 'rec-b', name: 'nfs-b', role: 'record', zoneId: 'zb' },
  obj: { id: 'obj', name: 'swift', role: 'object', zoneId: null },
  'obj-2': { id: 'obj-2', name: 's3', role: 'object', zoneId: null },
} as const;
const replica = (store: keyof typeof stores, state: string, error: string | null = null): CellReplica => ({ id: `r-${store}`, state, error, store: stores[store], progress: null });

const columns = (objectStores: Columns['objectStores'] = [{ id: 'obj', name: 'swift', adminState: 'active' }], recordInB = true): Columns => ({
  zones: [
    { id: 'za', name: 'zone-a', mode: 'backup', hasRecordStore: true },
    { id: 'zb', name: 'zone-b', mode: 'backup', hasRecordStore: recordInB },
  ],
  objectStores,
});

describe('object states', () => {
  it('a failed ingest blocks every copy that would come from it: they are not "pending", nothing would happen', () => {
    const summary = summarize(row({ sha256: null }), [replica('rec-a', 'failed', 'HTTP 404')], columns());
    expect(summary.status).toBe('failed');
    expect(summary.objectStores.obj!.state).toBe('blocked');
    expect(summary.zones.zb!.state).toBe('blocked');
  });

  it('a copy that waits for one being made is pending; once the backup failed, the zones waiting for it are blocked', () => {
    const copying = summarize(row(), [replica('rec-a', 'ready'), replica('obj', 'copying')], columns());
    expect([copying.status, copying.zones.zb!.state]).toEqual(['syncing', 'pending']);
    const failedBackup = summarize(row(), [replica('rec-a', 'ready'), replica('obj', 'failed', 'Access denied')], columns());
    expect([failedBackup.status, failedBackup.objectStores.obj!.state, failedBackup.zones.zb!.state]).toEqual(['failed', 'failed', 'blocked']);
  });

  it('with no object store anywhere, ready copies are not "in sync": the object has no backup', () => {
    const summary = summarize(row(), [replica('rec-a', 'ready'), replica('rec-b', 'ready')], columns([]));
    expect(summary.status).toBe('no_backup');
    expect(summary.objectStores).toEqual({});
  });

  it('a placed zone without a store to hold it leaves the object incomplete', () => {
    const summary = summarize(row(), [replica('rec-a', 'ready'), replica('obj', 'ready')], columns(undefined, false));
    expect([summary.status, summary.zones.zb!.state]).toEqual(['incomplete', 'no_store']);
  });

  it('shows each object store: in sync only when every active one holds a copy; a read-only one without a copy says so', () => {
    const two = columns([
      { id: 'obj', name: 'swift', adminState: 'active' },
      { id: 'obj-2', name: 's3', adminState: 'active' },
    ]);
    const half = summarize(row(), [replica('rec-a', 'ready'), replica('rec-b', 'ready'), replica('obj', 'ready')], two);
    expect([half.status, half.objectStores.obj!.state, half.objectStores['obj-2']!.state]).toEqual(['syncing', 'ready', 'pending']);
    const readOnly = columns([
      { id: 'obj', name: 'swift', adminState: 'active' },
      { id: 'obj-2', name: 's3', adminState: 'read_only' },
    ]);
    const held = summarize(row(), [replica('rec-a', 'ready'), replica('rec-b', 'ready'), replica('obj', 'ready')], readOnly);
    expect([held.status, held.objectStores['obj-2']!.state]).toEqual(['in_sync', 'not_written']);
  });
});

describe('job progress', () => {
  const row = { bytesDone: 40n, bytesTotal: 100n, startedAt: new Date(0), heartbeatAt: new Date(4000) };
  it('a running job has a rate and a time left', () => {
    expect(transferProgress({ ...row, moving: true })).toEqual({ bytesDone: 40, bytesTotal: 100, percent: 40, rateBps: 10, etaSeconds: 6 });
  });
  it('a job that ended has neither: it moves nothing any more', () => {
    expect(transferProgress({ ...row, moving: false })).toEqual({ bytesDone: 40, bytesTotal: 100, percent: 40, rateBps: null, etaSeconds: null });
  });
});
