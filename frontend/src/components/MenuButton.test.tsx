import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { MenuButton } from './MenuButton';

function renderMenu() {
  const actions = { show: vi.fn(), edit: vi.fn(), remove: vi.fn() };
  const user = userEvent.setup();
  render(
    <>
      <MenuButton
        className="row-menu-button"
        label="More actions for Bank"
        items={[
          { id: 'show', label: 'Show password', onSelect: actions.show },
          { id: 'edit', label: 'Edit', onSelect: actions.edit },
          { id: 'delete', label: 'Delete', onSelect: actions.remove, danger: true },
        ]}
      >
        ⋯
      </MenuButton>
      <button type="button">Next</button>
    </>,
  );
  const trigger = screen.getByRole('button', { name: 'More actions for Bank' });
  const item = (name: string) => screen.getByRole('menuitem', { name });
  return { user, actions, trigger, item };
}

describe('a menu button', () => {
  it('is a button that says it opens a menu, and opens it with the first item focused', async () => {
    const { user, trigger, item } = renderMenu();
    expect(trigger).toHaveAttribute('aria-haspopup', 'menu');
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();

    await user.click(trigger);
    const menu = screen.getByRole('menu', { name: 'More actions for Bank' });
    expect(trigger).toHaveAttribute('aria-expanded', 'true');
    expect(trigger).toHaveAttribute('aria-controls', menu.id);
    expect(screen.getAllByRole('menuitem').map((m) => m.textContent)).toEqual(['Show password', 'Edit', 'Delete']);
    await waitFor(() => expect(item('Show password')).toHaveFocus());
  });

  it('moves with the arrows (wrapping), Home and End, and closes on Escape with focus back on the button', async () => {
    const { user, trigger, item } = renderMenu();
    trigger.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(item('Show password')).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    expect(item('Edit')).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(item('Show password')).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(item('Delete')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(item('Show password')).toHaveFocus();
    await user.keyboard('{End}');
    expect(item('Delete')).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
  });

  it('opens on the last item with Up, and runs an item with Enter, focus back on the button', async () => {
    const { user, actions, trigger, item } = renderMenu();
    trigger.focus();
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(item('Delete')).toHaveFocus());
    await user.keyboard('{ArrowUp}{Enter}');
    expect(actions.edit).toHaveBeenCalledTimes(1);
    expect(actions.remove).not.toHaveBeenCalled();
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
  });

  it('closes on Tab, and on a click elsewhere, without running anything', async () => {
    const { user, actions, trigger, item } = renderMenu();
    await user.click(trigger);
    await waitFor(() => expect(item('Show password')).toHaveFocus());
    await user.keyboard('{Tab}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();

    await user.click(trigger);
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(Object.values(actions).every((fn) => fn.mock.calls.length === 0)).toBe(true);
  });

  it('follows its trigger on a scroll while open, and closes once the trigger has left the window', async () => {
    const { user, trigger, item } = renderMenu();
    await user.click(trigger);
    await waitFor(() => expect(item('Show password')).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    // A scroll that does not take the trigger away (e.g. the page settling
    // after the click): the menu stays, and so does the focus.
    fireEvent.scroll(window);
    expect(screen.getByRole('menu')).toBeInTheDocument();
    expect(item('Edit')).toHaveFocus();

    vi.spyOn(trigger, 'getBoundingClientRect').mockReturnValue(new DOMRect(0, window.innerHeight + 50, 32, 32));
    fireEvent.scroll(window);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    // The item that had focus is gone: focus is back on the trigger, not on the body.
    expect(trigger).toHaveFocus();
  });

  it('closes when focus is taken elsewhere (e.g. a shortcut opening another page)', async () => {
    const { user, trigger, item } = renderMenu();
    await user.click(trigger);
    await waitFor(() => expect(item('Show password')).toHaveFocus());
    act(() => screen.getByRole('button', { name: 'Next' }).focus());
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });
});
