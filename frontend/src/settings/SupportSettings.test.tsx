import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { openSection, renderApp } from '../test/renderApp';

vi.mock('../api/client', () => import('../test/apiMock'));

async function openSupport() {
  api.getProfile.mockResolvedValue(api.aliceProfile);
  const rendered = renderApp();
  await openSection(rendered.user, 'Settings');
  const group = await screen.findByRole('region', { name: 'Support' });
  return { ...rendered, group };
}

beforeEach(() => {
  api.resetApiMock();
});

describe('support tools', () => {
  it('copies the diagnostics and says so', async () => {
    const { user, group } = await openSupport();
    api.copyDiagnostics.mockResolvedValue('PassDesk 0.1.0\nlinux/amd64');
    await user.click(within(group).getByRole('button', { name: 'Copy diagnostics' }));
    expect(api.copyDiagnostics).toHaveBeenCalled();
    expect(await within(group).findByRole('status')).toHaveTextContent('Diagnostics copied to the clipboard.');
  });

  it('opens the data and log folders, and shows why when it cannot', async () => {
    const { user, group } = await openSupport();
    api.openDataFolder.mockResolvedValue(undefined);
    api.openLogs.mockRejectedValue(new api.AppError('unavailable', { key: 'error.noFileManager', params: { folder: '/tmp/logs' } }));
    await user.click(within(group).getByRole('button', { name: 'Open data folder' }));
    expect(api.openDataFolder).toHaveBeenCalled();
    await user.click(within(group).getByRole('button', { name: 'Open logs' }));
    expect(await within(group).findByRole('alert')).toHaveTextContent('The folder is /tmp/logs');
    expect(within(group).getByRole('status')).toHaveTextContent('');
  });
});
