import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Modal } from './Modal';

function renderModal() {
  const onClose = vi.fn();
  render(
    <Modal title="Add password" onClose={onClose}>
      <p>body</p>
    </Modal>,
  );
  const backdrop = screen.getByRole('dialog').parentElement!;
  return { onClose, backdrop };
}

describe('Modal', () => {
  it('stays open on a press outside it, a single click or a double-click', () => {
    const { onClose, backdrop } = renderModal();
    fireEvent.mouseDown(backdrop, { detail: 1 });
    fireEvent.click(backdrop, { detail: 1 });
    fireEvent.mouseDown(backdrop, { detail: 2 });
    fireEvent.click(backdrop, { detail: 2 });
    expect(onClose).not.toHaveBeenCalled();
  });

  it('closes on Esc', () => {
    const { onClose } = renderModal();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('Modal focus', () => {
  it('gives focus back to the opener, or to the main region when the opener is gone, never to the body', () => {
    function Page({ open, withOpener }: { open: boolean; withOpener: boolean }) {
      return (
        <main id="main" tabIndex={-1}>
          {withOpener && <button type="button">Opener</button>}
          {open && (
            <Modal title="Add password" onClose={() => {}}>
              <button type="button">Inside</button>
            </Modal>
          )}
        </main>
      );
    }
    const { rerender } = render(<Page open={false} withOpener />);
    screen.getByRole('button', { name: 'Opener' }).focus();
    rerender(<Page open withOpener />);
    expect(screen.getByRole('button', { name: 'Inside' })).toHaveFocus();
    rerender(<Page open={false} withOpener />);
    expect(screen.getByRole('button', { name: 'Opener' })).toHaveFocus();

    rerender(<Page open withOpener />);
    // The opener goes while the dialog is open (a virtual list's row, a menu item).
    rerender(<Page open withOpener={false} />);
    rerender(<Page open={false} withOpener={false} />);
    expect(screen.getByRole('main')).toHaveFocus();
  });

  it('lets only the innermost of two open dialogs answer Esc', () => {
    const outer = vi.fn();
    const inner = vi.fn();
    render(
      <>
        <Modal title="Add password" onClose={outer}>
          <p>form</p>
        </Modal>
        <Modal title="Discard changes?" onClose={inner}>
          <button type="button">Keep editing</button>
        </Modal>
      </>,
    );
    fireEvent.keyDown(screen.getByRole('button', { name: 'Keep editing' }), { key: 'Escape' });
    expect(inner).toHaveBeenCalledTimes(1);
    expect(outer).not.toHaveBeenCalled();
  });
});
