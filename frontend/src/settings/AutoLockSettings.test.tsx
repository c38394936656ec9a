import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { AutoLockSettings } from './AutoLockSettings';

vi.mock('../api/client', () => import('../test/apiMock'));

const LABEL = 'Lock after inactivity (minutes)';

async function renderPanel() {
  const user = userEvent.setup();
  render(<AutoLockSettings />);
  const minutes = await screen.findByLabelText(LABEL);
  // The notice is the auto-lock form's.
  const form = within(minutes.closest('form')!);
  return { user, minutes, form };
}

beforeEach(() => {
  api.resetApiMock();
});

describe('auto-lock delay', () => {
  it('is applied when the field is left, not on each keystroke, and a notice says so', async () => {
    const { user, minutes, form } = await renderPanel();
    expect(minutes).toHaveValue(15);
    expect(screen.queryByRole('button', { name: /save/i })).not.toBeInTheDocument();

    await user.clear(minutes);
    await user.type(minutes, '30');
    expect(api.updateSettings).not.toHaveBeenCalled();
    await user.tab();
    expect(api.updateSettings).toHaveBeenCalledTimes(1);
    expect(api.updateSettings).toHaveBeenLastCalledWith({ idle_lock_minutes: 30 });
    expect(await form.findByRole('status')).toHaveTextContent('Auto-lock changed: after 30 min without activity.');
  });

  it('is applied on Enter, and leaving the field unchanged stores nothing', async () => {
    const { user, minutes, form } = await renderPanel();
    await user.click(minutes);
    await user.tab();
    expect(api.updateSettings).not.toHaveBeenCalled();

    await user.clear(minutes);
    await user.type(minutes, '120{Enter}');
    expect(api.updateSettings).toHaveBeenLastCalledWith({ idle_lock_minutes: 120 });
    expect(await form.findByRole('status')).toHaveTextContent('after 120 min');
    // The value is stored: leaving the field now sends nothing again.
    await user.tab();
    expect(api.updateSettings).toHaveBeenCalledTimes(1);
  });

  it('shows the field error of a refused value, without a notice', async () => {
    const { user, minutes, form } = await renderPanel();
    api.updateSettings.mockRejectedValueOnce(
      new api.AppError('invalid', { key: 'error.fieldsInvalid' }, { idle_lock_minutes: { key: 'fieldError.range', params: { min: 1, max: 240 } } }),
    );
    await user.clear(minutes);
    await user.type(minutes, '500');
    await user.tab();
    expect(api.updateSettings).toHaveBeenLastCalledWith({ idle_lock_minutes: 500 });
    expect(await screen.findByText('Enter a number of minutes from 1 to 240.')).toBeInTheDocument();
    expect(minutes).toHaveAttribute('aria-invalid', 'true');
    expect(form.queryByRole('status')).not.toBeInTheDocument();

    await user.clear(minutes);
    expect(minutes).not.toHaveAttribute('aria-invalid');
    await user.tab();
    expect(await screen.findByText('This field cannot be empty. Fill it in.')).toBeInTheDocument();
    expect(api.updateSettings).toHaveBeenCalledTimes(1);
  });

  it('marks the field busy while the value is being stored', async () => {
    const { user, minutes, form } = await renderPanel();
    const pending = api.deferred<{ idle_lock_minutes: number }>();
    api.updateSettings.mockReturnValue(pending.promise);
    await user.clear(minutes);
    await user.type(minutes, '45{Enter}');
    expect(minutes).toHaveAttribute('aria-busy', 'true');
    pending.resolve({ idle_lock_minutes: 45 });
    await waitFor(() => expect(minutes).not.toHaveAttribute('aria-busy'));
    expect(await form.findByRole('status')).toHaveTextContent('after 45 min');
  });
});
