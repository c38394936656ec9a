import { fireEvent, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { ACTIVITY_REPORT_INTERVAL_MS as INTERVAL, useIdleActivity } from './useIdleActivity';

vi.mock('../api/client', () => import('../test/apiMock'));

beforeEach(() => {
  api.resetApiMock();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useIdleActivity', () => {
  it('reports activity at most once per interval, and the last burst at the end of the interval', () => {
    renderHook(() => useIdleActivity(true));

    // Signing in just counted as activity on the backend.
    fireEvent.keyDown(window, { key: 'a' });
    fireEvent.pointerDown(window);
    expect(api.reportActivity).not.toHaveBeenCalled();

    vi.advanceTimersByTime(INTERVAL);
    expect(api.reportActivity).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(INTERVAL + 1_000);
    fireEvent.wheel(window);
    expect(api.reportActivity).toHaveBeenCalledTimes(2);
    fireEvent.keyDown(window, { key: 'b' });
    fireEvent.keyDown(window, { key: 'c' });
    vi.advanceTimersByTime(INTERVAL - 1_000);
    expect(api.reportActivity).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1_000);
    expect(api.reportActivity).toHaveBeenCalledTimes(3);

    // No activity, no reports.
    vi.advanceTimersByTime(10 * 60_000);
    expect(api.reportActivity).toHaveBeenCalledTimes(3);
  });

  it('does nothing while signed out and stops when disabled', () => {
    const { rerender } = renderHook(({ on }) => useIdleActivity(on), { initialProps: { on: false } });
    vi.advanceTimersByTime(120_000);
    fireEvent.keyDown(window, { key: 'a' });
    vi.advanceTimersByTime(120_000);
    expect(api.reportActivity).not.toHaveBeenCalled();

    rerender({ on: true });
    fireEvent.keyDown(window, { key: 'a' });
    rerender({ on: false });
    vi.advanceTimersByTime(120_000);
    expect(api.reportActivity).not.toHaveBeenCalled();
  });
});
