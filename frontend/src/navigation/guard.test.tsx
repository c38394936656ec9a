import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from '../test/apiMock';
import { SessionProvider } from '../session/SessionProvider';
import { useLeaveGuard, useUnsavedChanges } from './guard';

vi.mock('../api/client', () => import('../test/apiMock'));

/** A form with one field: unsaved while it holds text; discarding empties it. */
function Note() {
  const [text, setText] = useState('');
  useUnsavedChanges(text !== '', () => setText(''));
  return <input aria-label="Note" value={text} onChange={(e) => setText(e.target.value)} />;
}

/** A shell as App uses the guard: it asks before showing another page (the form stays mounted, hidden). */
function Shell() {
  const guard = useLeaveGuard();
  const [page, setPage] = useState<'notes' | 'elsewhere'>('notes');
  return (
    <>
      <div hidden={page !== 'notes'}>
        <Note />
      </div>
      <p>{`Showing ${page}`}</p>
      <button
        type="button"
        onClick={async () => {
          if (await guard.confirmLeave()) setPage('elsewhere');
        }}
      >
        Go elsewhere
      </button>
    </>
  );
}

function renderShell() {
  const user = userEvent.setup();
  render(
    <SessionProvider>
      <Shell />
    </SessionProvider>,
  );
  return user;
}

beforeEach(() => {
  api.resetApiMock();
});

describe('the leave guard', () => {
  it('lets the shell leave at once when nothing is unsaved', async () => {
    const user = renderShell();
    await user.click(screen.getByRole('button', { name: 'Go elsewhere' }));
    expect(await screen.findByText('Showing elsewhere')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('asks first when a form holds unsaved changes; Esc keeps editing', async () => {
    const user = renderShell();
    await user.type(screen.getByLabelText('Note'), 'draft');
    await user.click(screen.getByRole('button', { name: 'Go elsewhere' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard changes?' });
    expect(dialog).toHaveAccessibleDescription('Your changes are not saved yet. If you leave now, they are lost.');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByText('Showing notes')).toBeInTheDocument();
    expect(screen.getByLabelText('Note')).toHaveValue('draft');
  });

  it('on "Discard changes" drops the input and leaves', async () => {
    const user = renderShell();
    await user.type(screen.getByLabelText('Note'), 'draft');
    await user.click(screen.getByRole('button', { name: 'Go elsewhere' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard changes?' });
    await user.click(within(dialog).getByRole('button', { name: 'Discard changes' }));
    expect(await screen.findByText('Showing elsewhere')).toBeInTheDocument();
    expect(screen.getByLabelText('Note')).toHaveValue('');
  });

  it('stops asking once the input is gone (saved or emptied)', async () => {
    const user = renderShell();
    await user.type(screen.getByLabelText('Note'), 'x');
    await user.clear(screen.getByLabelText('Note'));
    await user.click(screen.getByRole('button', { name: 'Go elsewhere' }));
    expect(await screen.findByText('Showing elsewhere')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});
