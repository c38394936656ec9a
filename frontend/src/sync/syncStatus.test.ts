import { describe, expect, it, vi } from 'vitest';
import { toSyncStatus } from '../api/client';

vi.mock('../../wailsjs/go/main/App', () => ({}));
vi.mock('../../wailsjs/runtime/runtime', () => ({}));

describe('reading a sync status from the Go side', () => {
  it('reads the problems and a transfer', () => {
    const status = toSyncStatus({
      state: 'synced',
      problems: [{ part: 'avatar_download', error: { code: 'unavailable', key: 'syncError.avatarDownload' } }],
      transfer: { part: 'avatar_upload', done: 10, total: 40 },
    });
    expect(status.problems).toHaveLength(1);
    expect(status.problems[0].part).toBe('avatar_download');
    expect(status.problems[0].error.code).toBe('unavailable');
    expect(status.problems[0].error.reason.key).toBe('syncError.avatarDownload');
    expect(status.transfer).toEqual({ part: 'avatar_upload', done: 10, total: 40 });
  });

  it.each([undefined, null, 'x', { part: 'elsewhere', done: 1, total: 2 }])('takes %o for no transfer', (transfer) => {
    const status = toSyncStatus({ state: 'syncing', problems: null, transfer });
    expect(status.transfer).toBeNull();
    expect(status.problems).toEqual([]);
  });

  it('reads odd byte counts as none', () => {
    expect(toSyncStatus({ transfer: { part: 'avatar_download', done: -3, total: 'x' } }).transfer).toEqual({ part: 'avatar_download', done: 0, total: 0 });
  });
});
