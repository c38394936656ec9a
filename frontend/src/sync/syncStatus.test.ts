import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Backend from '../../wailsjs/go/main/App';
import { getSyncStatus } from '../api/client';

vi.mock('../../wailsjs/go/main/App', () => ({ GetSyncStatus: vi.fn() }));
vi.mock('../../wailsjs/runtime/runtime', () => ({}));

const status = (extra: object) => ({
  state: 'synced',
  server_url: 'http://127.0.0.1:8000/api/',
  remote_username: 'ana',
  remote_email: 'ana@example.com',
  pending: 0,
  conflicts: [],
  last_synced_at: null,
  next_retry_at: null,
  error: null,
  problems: [],
  transfer: null,
  ...extra,
});

afterEach(() => vi.restoreAllMocks());

describe('reading a sync status from the Go side', () => {
  it('reads the problems and a transfer', async () => {
    vi.mocked(Backend.GetSyncStatus).mockResolvedValue(
      status({
        problems: [{ part: 'avatar_download', error: { code: 'unavailable', key: 'syncError.avatarDownload' } }],
        transfer: { part: 'avatar_upload', done: 10, total: 40 },
      }) as never,
    );
    const got = await getSyncStatus();
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]!.part).toBe('avatar_download');
    expect(got.problems[0]!.error.code).toBe('unavailable');
    expect(got.problems[0]!.error.reason.key).toBe('syncError.avatarDownload');
    expect(got.transfer).toEqual({ part: 'avatar_upload', done: 10, total: 40 });
  });

  it.each([
    { transfer: { part: 'elsewhere', done: 1, total: 2 } },
    { transfer: { part: 'avatar_download', done: 'x', total: 2 } },
    { problems: [{ part: 'avatar_download', error: { code: 'teapot', key: 'x' } }] },
    { problems: undefined },
  ])('refuses a status of another shape: %o', async (extra) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.mocked(Backend.GetSyncStatus).mockResolvedValue(status(extra) as never);
    await expect(getSyncStatus()).rejects.toMatchObject({ code: 'internal' });
  });
});
