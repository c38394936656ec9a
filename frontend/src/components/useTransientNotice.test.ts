import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_MS, useTransientNotice } from './useTransientNotice';

afterEach(() => {
  vi.useRealTimers();
});

describe('useTransientNotice', () => {
  it('shows a notice for NOTICE_MS, counted again from the latest one', () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useTransientNotice<string>());
    expect(result.current.notice).toBeNull();

    act(() => result.current.show('theme'));
    expect(result.current.notice).toBe('theme');
    act(() => vi.advanceTimersByTime(NOTICE_MS - 1000));
    act(() => result.current.show('language'));
    act(() => vi.advanceTimersByTime(NOTICE_MS - 1));
    expect(result.current.notice).toBe('language');
    act(() => vi.advanceTimersByTime(1));
    expect(result.current.notice).toBeNull();
  });

  it('clears at once on request', () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useTransientNotice<number>());
    act(() => result.current.show(30));
    act(() => result.current.clear());
    expect(result.current.notice).toBeNull();
  });
});
