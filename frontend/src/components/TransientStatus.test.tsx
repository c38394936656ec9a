import { act, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTICE_MS, TransientStatus } from './TransientStatus';

function Owner({ initial }: { initial: string | null }) {
  const [message, setMessage] = useState(initial);
  return (
    <>
      <TransientStatus message={message} onExpire={() => setMessage(null)} />
      <button type="button" onClick={() => setMessage('Saved again.')}>
        again
      </button>
    </>
  );
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('TransientStatus', () => {
  it('is a live region whose message goes away after a few seconds', () => {
    render(<Owner initial="Saved." />);
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Saved.');
    act(() => vi.advanceTimersByTime(NOTICE_MS - 1));
    expect(status).toHaveTextContent('Saved.');
    act(() => vi.advanceTimersByTime(1));
    expect(status).toHaveTextContent('');
    // The region stays, so the next message is announced.
    expect(screen.getByRole('status')).toBe(status);
  });

  it('gives a new message its full time', () => {
    render(<Owner initial="Saved." />);
    act(() => vi.advanceTimersByTime(NOTICE_MS - 100));
    act(() => screen.getByRole('button', { name: 'again' }).click());
    act(() => vi.advanceTimersByTime(NOTICE_MS - 100));
    expect(screen.getByRole('status')).toHaveTextContent('Saved again.');
    act(() => vi.advanceTimersByTime(100));
    expect(screen.getByRole('status')).toHaveTextContent('');
  });
});
