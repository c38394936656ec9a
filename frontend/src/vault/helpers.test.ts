import { describe, expect, it } from 'vitest';
import type { SavedPasswordSummary } from '../api/client';
import { STRENGTH_LABELS, strengthLevel } from '../generator/strength';
import { entryDisplayName, urlHost } from './displayName';
import { reuseUnchanged } from './useSavedPasswords';

const entry = (id: number, name: string, updated = '2024-01-01T00:00:00Z'): SavedPasswordSummary => ({
  id,
  name_pages: name,
  url: `https://${name.toLowerCase() || 'site'}.example.com`,
  username: '',
  updated_at: updated,
});

describe('entry display name', () => {
  it('uses the name, else the URL host, else the URL as it is', () => {
    expect(entryDisplayName({ name_pages: '  Mail ', url: 'https://mail.example.com' })).toBe('Mail');
    expect(entryDisplayName({ name_pages: '  ', url: 'https://shop.example.net/a?b=c' })).toBe('shop.example.net');
    expect(entryDisplayName({ name_pages: '', url: 'not a url' })).toBe('not a url');
    expect(urlHost('mailto:someone@example.com')).toBeNull();
  });
});

describe('generator strength', () => {
  it('is weak below 50 bits, fair below 80 and strong from 80', () => {
    expect(strengthLevel(49.9)).toBe('weak');
    expect(strengthLevel(50)).toBe('fair');
    expect(strengthLevel(79.9)).toBe('fair');
    expect(strengthLevel(80)).toBe('strong');
    expect(STRENGTH_LABELS.fair).toBe('generator.fair');
  });
});

describe('list refresh', () => {
  it('keeps the objects of unchanged entries so their memoised rows skip rendering', () => {
    const a = entry(1, 'A');
    const b = entry(2, 'B');
    const next = reuseUnchanged([a, b], [{ ...a }, { ...b, updated_at: '2024-02-01T00:00:00Z' }, entry(3, 'C')]);
    expect(next[0]).toBe(a);
    expect(next[1]).not.toBe(b);
    expect(next[1]?.updated_at).toBe('2024-02-01T00:00:00Z');
    expect(next.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('takes the new object when only the username changed', () => {
    const a = entry(1, 'A');
    const [next] = reuseUnchanged([a], [{ ...a, username: 'ana' }]);
    expect(next).not.toBe(a);
    expect(next?.username).toBe('ana');
  });
});
