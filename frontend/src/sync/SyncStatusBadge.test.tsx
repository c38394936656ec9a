import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../api/client';
import { I18nProvider, type Language } from '../i18n';
import { syncStatus } from '../test/apiMock';
import { SyncStatusBadge } from './SyncStatusBadge';

// Built from local time so the expected clock does not depend on the time zone.
const at1405 = new Date(2026, 10, 28, 14, 5).toISOString();
const conflict = { field: 'email', mine: 'a@example.com', server: 'b@example.com' };

function renderBadge(sync: SyncStatus, language: Language = 'en', onSyncNow?: () => void) {
  const { unmount } = render(
    <I18nProvider language={language}>
      <SyncStatusBadge sync={sync} onSyncNow={onSyncNow} />
    </I18nProvider>,
  );
  return { status: screen.getByRole('status'), unmount };
}

describe('sync status badge', () => {
  it.each<[Partial<SyncStatus>, string, string]>([
    [{ state: 'off' }, 'Sync off', 'Sincronización desactivada'],
    [{ state: 'saved_locally', pending: 0 }, 'Saved on this computer', 'Guardado en este equipo'],
    [{ state: 'saved_locally', pending: 3 }, 'Saved on this computer (3 to send)', 'Guardado en este equipo (3 por enviar)'],
    [{ state: 'syncing' }, 'Syncing…', 'Sincronizando…'],
    [{ state: 'synced', last_synced_at: at1405 }, 'Synced at 02:05 PM', 'Sincronizado a las 14:05'],
    [{ state: 'offline' }, 'Offline, retrying', 'Sin conexión, reintentando'],
    [{ state: 'offline', next_retry_at: at1405 }, 'Offline, retrying at 02:05 PM', 'Sin conexión, reintento a las 14:05'],
    [{ state: 'conflict', conflicts: [conflict, { ...conflict, field: 'username' }] }, 'Conflict (2)', 'Conflicto (2)'],
    [{ state: 'needs_signin' }, 'Needs sign-in', 'Hay que iniciar sesión'],
    [{ state: 'error' }, 'The server refused a change', 'El servidor rechazó un cambio'],
  ])('%o reads "%s" (es: "%s")', (overrides, english, spanish) => {
    const en = renderBadge(syncStatus(overrides));
    expect(en.status).toHaveTextContent(`Sync status: ${english}`);
    en.unmount();
    expect(renderBadge(syncStatus(overrides), 'es').status).toHaveTextContent(`Estado de la sincronización: ${spanish}`);
  });

  it.each<[SyncStatus['transfer'], string, string]>([
    [{ part: 'avatar_upload', done: 400, total: 1000 }, 'Uploading your picture… 40%', 'Subiendo tu imagen… 40 %'],
    [{ part: 'avatar_download', done: 999, total: 1000 }, 'Downloading the server’s picture… 99%', 'Descargando la imagen del servidor… 99 %'],
    [{ part: 'avatar_download', done: 5 * 1024, total: 0 }, 'Downloading the server’s picture… 5 KB', 'Descargando la imagen del servidor… 5 KB'],
  ])('shows a slow transfer %o as "%s" (es: "%s")', (transfer, english, spanish) => {
    const sync = syncStatus({ state: 'syncing', transfer });
    const en = renderBadge(sync);
    expect(screen.getByText(english)).toBeInTheDocument();
    en.unmount();
    renderBadge(sync, 'es');
    expect(screen.getByText(spanish)).toBeInTheDocument();
  });

  it('shows no transfer when none is slow', () => {
    renderBadge(syncStatus({ state: 'syncing' }));
    expect(screen.queryByText(/picture…/)).not.toBeInTheDocument();
  });

  it('offers Sync now only once linked', async () => {
    const onSyncNow = vi.fn();
    const off = renderBadge(syncStatus({ state: 'off' }), 'en', onSyncNow);
    expect(screen.queryByRole('button', { name: 'Sync now' })).not.toBeInTheDocument();
    off.unmount();
    renderBadge(syncStatus({ state: 'synced', last_synced_at: at1405 }), 'en', onSyncNow);
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(onSyncNow).toHaveBeenCalledOnce();
  });
});
