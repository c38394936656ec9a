import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider, type Language } from '../i18n';
import { ChangedAgo } from './ChangedAgo';

const NOW = new Date('2026-03-10T12:00:00Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString();

function renderAt(iso: string, language: Language = 'en') {
  return render(
    <I18nProvider language={language}>
      <ChangedAgo iso={iso} />
    </I18nProvider>,
  );
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ChangedAgo', () => {
  it.each([
    [10, 'Changed just now'],
    [-30, 'Changed just now'],
    [2 * 60 + 5, 'Changed 2 minutes ago'],
    [3 * 3600, 'Changed 3 hours ago'],
    [26 * 3600, 'Changed yesterday'],
    [15 * 24 * 3600, 'Changed 2 weeks ago'],
    [400 * 24 * 3600, 'Changed last year'],
  ])('says %i seconds ago as "%s"', (seconds, text) => {
    renderAt(ago(seconds));
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('speaks Spanish', () => {
    renderAt(ago(2 * 60), 'es');
    expect(screen.getByText('Modificado hace 2 minutos')).toBeInTheDocument();
  });

  it('keeps up with the clock', () => {
    renderAt(ago(60));
    const time = screen.getByText('Changed 1 minute ago');
    expect(time).toHaveAttribute('datetime', ago(60));
    act(() => vi.advanceTimersByTime(2 * 60_000));
    expect(time).toHaveTextContent('Changed 3 minutes ago');
  });

  it('shows nothing for a time it cannot read', () => {
    const { container } = renderAt('');
    expect(container).toBeEmptyDOMElement();
  });
});
