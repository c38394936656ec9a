import type { SavedPasswordSummary } from '../api/client';

/** The host of an address, or null when it is not a URL. */
export function urlHost(url: string): string | null {
  try {
    const host = new URL(url).hostname;
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

/** How an entry is named in the list and in button labels: its name, else its URL's host, else its URL. */
export function entryDisplayName(entry: Pick<SavedPasswordSummary, 'name_pages' | 'url'>): string {
  const name = entry.name_pages.trim();
  if (name !== '') return name;
  return urlHost(entry.url) ?? entry.url;
}
