import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  /** Stable key of the item. */
  id: string;
  label: string;
  onSelect: () => void;
  /** A destructive action: styled apart, never the first item. */
  danger?: boolean;
}

export interface MenuButtonProps {
  /** What the button shows (text, icon, or both). */
  children: ReactNode;
  /** The button's accessible name when its content is not text (e.g. "More actions for Bank"). */
  label?: string;
  /** Extra text above the items, e.g. who is signed in. */
  header?: ReactNode;
  items: readonly MenuItem[];
  className?: string;
  title?: string;
}

/**
 * A button that opens a menu of actions, following the WAI-ARIA menu button
 * pattern: Enter, Space or ArrowDown open it on the first item, ArrowUp on the
 * last; arrows, Home and End move; Escape closes it and gives focus back to
 * the button; Tab or a click elsewhere closes it.
 */
export function MenuButton({ children, label, header, items, className = 'button button--secondary', title }: MenuButtonProps) {
  const [open, setOpen] = useState<null | 'first' | 'last'>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    itemRefs.current[open === 'first' ? 0 : items.length - 1]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(null);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
    // Focus moves only when the menu opens, not when its items re-render.
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(null);
    if (refocus) buttonRef.current?.focus();
  };

  const move = (from: number, step: number) => {
    const next = (from + step + items.length) % items.length;
    itemRefs.current[next]?.focus();
  };

  return (
    <div className="menu-button">
      <button
        ref={buttonRef}
        type="button"
        className={className}
        title={title}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(open ? null : 'first')}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(event.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        {children}
      </button>
      {open && (
        <div ref={menuRef} className="menu" id={menuId} role="menu" aria-label={label}>
          {header && <div className="menu__header">{header}</div>}
          {items.map((item, index) => (
            <button
              key={item.id}
              ref={(element) => {
                itemRefs.current[index] = element;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`menu__item${item.danger ? ' menu__item--danger' : ''}`}
              onClick={() => {
                close(false);
                item.onSelect();
              }}
              onKeyDown={(event) => {
                const steps: Record<string, () => void> = {
                  ArrowDown: () => move(index, 1),
                  ArrowUp: () => move(index, -1),
                  Home: () => itemRefs.current[0]?.focus(),
                  End: () => itemRefs.current[items.length - 1]?.focus(),
                  Escape: () => close(true),
                };
                const step = steps[event.key];
                if (step) {
                  event.preventDefault();
                  event.stopPropagation(); // Escape here is the menu's, not a surrounding dialog's
                  step();
                } else if (event.key === 'Tab') {
                  close(false);
                }
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
