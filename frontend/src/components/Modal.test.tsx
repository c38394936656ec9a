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
