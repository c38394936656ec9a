import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  /** Stable key; also what tests and styles may select by. */
  id: string;
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export interface MenuButtonProps {
  /** The trigger's accessible name, e.g. "More actions for Bank"; it contains any text the trigger shows. */
  label: string;
  /** What the trigger shows; hidden from assistive technology, which reads label. */
  children: ReactNode;
  /** Text above the items, not an item itself (e.g. who is signed in). */
  header?: ReactNode;
  items: readonly MenuItem[];
  /** The trigger's class. */
  className: string;
  /** The trigger's tooltip. */
  title?: string;
  tabIndex?: number;
}

/** Where the open menu sits: under the trigger, or above it when the window ends first. */
interface Place {
  top: number;
  right: number;
}

/**
 * A menu button (WAI-ARIA APG "menu button"): the trigger opens a role=menu
 * of menuitems; arrows, Home and End move between them, Enter or a click
 * runs one, Escape closes and gives focus back to the trigger, and Tab,
 * a click elsewhere, scrolling or resizing close it. The menu is portalled
 * to the body with a fixed position, so a scrolling list cannot clip it.
 */
export function MenuButton({ label, children, header, items, className, title, tabIndex }: MenuButtonProps) {
  const triggerId = useId();
  const menuId = useId();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  /** Which item gets focus when the menu opens: the first or the last. */
  const [open, setOpen] = useState<'first' | 'last' | null>(null);
  const [place, setPlace] = useState<Place | null>(null);

  const itemElements = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  const close = (refocus: boolean) => {
    // Focus in the menu goes back to the trigger even when the menu closes
    // on its own (its trigger scrolled out of the window), never to the body.
    const focusInMenu = menuRef.current?.contains(document.activeElement) ?? false;
    setOpen(null);
    setPlace(null);
    if (refocus) triggerRef.current?.focus();
    else if (focusInMenu) triggerRef.current?.focus({ preventScroll: true });
  };

  /** Where the menu goes for the trigger's place now; null when the trigger is out of the window. */
  const placeFor = (): Place | null => {
    const trigger = triggerRef.current?.getBoundingClientRect();
    const menu = menuRef.current?.getBoundingClientRect();
    if (!trigger || !menu || trigger.bottom < 0 || trigger.top > window.innerHeight) return null;
    const below = trigger.bottom + 4;
    const top = below + menu.height > window.innerHeight ? Math.max(4, trigger.top - 4 - menu.height) : below;
    return { top, right: Math.max(4, window.innerWidth - trigger.right) };
  };

  // Whether the item to focus (first or last) still waits for the menu to be placed.
  const focusPending = useRef(false);
  useLayoutEffect(() => {
    if (open === null) return;
    focusPending.current = true;
    setPlace(placeFor());
  }, [open]);

  // Once placed (and so visible: a hidden element takes no focus), focus an
  // item — once per opening, not again when a scroll moves the menu.
  useLayoutEffect(() => {
    if (open === null || place === null || !focusPending.current) return;
    focusPending.current = false;
    const list = itemElements();
    (open === 'first' ? list[0] : list.at(-1))?.focus();
  }, [place]);

  useEffect(() => {
    if (open === null) return undefined;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !triggerRef.current?.contains(target)) close(false);
    };
    // A scroll or resize elsewhere moves the menu along with its trigger (a
    // scroll that began before the menu opened, e.g. the page settling,
    // must not close it); it closes once the trigger has left the window.
    const onMove = (event: Event) => {
      if (event.target instanceof Node && menuRef.current?.contains(event.target)) return;
      const next = placeFor();
      if (next) setPlace(next);
      else close(false);
    };
    // Focus taken elsewhere (a shortcut opening another page) closes it too.
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !triggerRef.current?.contains(target)) close(false);
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('scroll', onMove, true);
    window.addEventListener('resize', onMove);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('scroll', onMove, true);
      window.removeEventListener('resize', onMove);
    };
  }, [open]);

  const onTriggerKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = itemElements();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const focus = (index: number) => list[(index + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focus(at + 1);
        break;
      case 'ArrowUp':
        focus(at - 1);
        break;
      case 'Home':
        focus(0);
        break;
      case 'End':
        focus(list.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        // Back on the trigger first: the menu sits at the end of the page,
        // and Tab (not prevented) moves on from the trigger as usual.
        close(true);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const run = (item: MenuItem) => {
    // Focus is back on the trigger before the action runs, so a dialog it
    // opens returns focus there when it closes.
    close(true);
    item.onSelect();
  };

  return (
    <>
      <button
        ref={triggerRef}
        id={triggerId}
        type="button"
        className={className}
        title={title}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open !== null ? menuId : undefined}
        tabIndex={tabIndex}
        onClick={() => (open === null ? setOpen('first') : close(false))}
        onKeyDown={onTriggerKeyDown}
      >
        <span aria-hidden="true">{children}</span>
      </button>
      {open !== null &&
        createPortal(
          <div
            ref={menuRef}
            id={menuId}
            className="menu"
            role="menu"
            aria-labelledby={triggerId}
            style={place ? { top: place.top, right: place.right } : { visibility: 'hidden' }}
            onKeyDown={onMenuKeyDown}
          >
            {header && <div className="menu__header">{header}</div>}
            {items.map((item) => (
              <button
                key={item.id}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={item.danger ? 'menu__item menu__item--danger' : 'menu__item'}
                onClick={() => run(item)}
              >
                {item.label}
              </button>
            ))}
          </div>,
          document.body,
        )}
    </>
  );
}
