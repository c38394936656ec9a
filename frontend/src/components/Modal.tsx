import { createContext, useContext, useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/**
 * Gives focus back once a dialog has closed, to what opened it. The opener
 * may be gone by then (a row of a virtual list that scrolled away or was
 * deleted, a menu item): a page whose openers can go away provides its own
 * (FocusReturnContext) that finds what stands in for it.
 */
export type ReturnFocus = (opener: HTMLElement | null) => void;

/**
 * The default: the opener while it is in the page; else, unless something
 * has taken focus already (another dialog's own return), the main region,
 * so focus never ends on the document's body.
 */
export const returnFocusToOpener: ReturnFocus = (opener) => {
  if (opener?.isConnected) {
    opener.focus();
    return;
  }
  const active = document.activeElement;
  if (active === null || active === document.body || !active.isConnected) document.getElementById('main')?.focus();
};

export const FocusReturnContext = createContext<ReturnFocus>(returnFocusToOpener);

/** The open dialogs, innermost last: only that one answers Esc and keeps Tab inside. */
const openDialogs: HTMLElement[] = [];

export interface ModalProps {
  title: ReactNode;
  /** Id of the element that describes the dialog (aria-describedby). */
  descriptionId?: string;
  onClose: () => void;
  /** While true, Esc does not close it (e.g. during a pending call). */
  closeDisabled?: boolean;
  /** What to focus when the dialog opens; by default its first focusable element. */
  initialFocus?: RefObject<HTMLElement | null>;
  className?: string;
  children: ReactNode;
}

/**
 * A real modal dialog: role="dialog" with aria-modal, labelled by its title;
 * moves focus in, keeps Tab inside, closes on Esc, makes the page behind it
 * inert, and gives focus back to whatever opened it (see ReturnFocus).
 */
export function Modal({ title, descriptionId, onClose, closeDisabled = false, initialFocus, className, children }: ModalProps) {
  const titleId = useId();
  const backdropRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const closeDisabledRef = useRef(closeDisabled);
  closeDisabledRef.current = closeDisabled;
  const initialFocusRef = useRef(initialFocus);
  const returnFocus = useContext(FocusReturnContext);
  const returnFocusRef = useRef(returnFocus);
  returnFocusRef.current = returnFocus;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const backdrop = backdropRef.current;
    const dialog = dialogRef.current;
    if (!backdrop || !dialog) return;

    // Everything else on the page becomes inert while the dialog is open.
    const madeInert: Element[] = [];
    for (const sibling of Array.from(document.body.children)) {
      if (sibling !== backdrop && !sibling.hasAttribute('inert')) {
        sibling.setAttribute('inert', '');
        madeInert.push(sibling);
      }
    }

    openDialogs.push(dialog);

    const focusables = () => Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE));
    (initialFocusRef.current?.current ?? focusables()[0] ?? dialog).focus();

    const onKeyDown = (event: KeyboardEvent) => {
      // A dialog opened over this one ("Discard changes?") takes the keys.
      if (openDialogs.at(-1) !== dialog) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        if (!closeDisabledRef.current) onCloseRef.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = focusables();
      if (items.length === 0) {
        event.preventDefault();
        dialog.focus();
        return;
      }
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const active = document.activeElement;
      if (!dialog.contains(active)) {
        event.preventDefault();
        first.focus();
      } else if (event.shiftKey && (active === first || active === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);

    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      openDialogs.splice(openDialogs.indexOf(dialog), 1);
      for (const element of madeInert) element.removeAttribute('inert');
      // Once nothing is inert any more: an inert element takes no focus.
      returnFocusRef.current(opener);
    };
  }, []);

  return createPortal(
    // No close on a press outside: Esc and the dialog's own buttons close it,
    // so a stray click beside a form never loses its input, and the second
    // click of a double-click on the opener cannot close what the first opened.
    <div className="modal-backdrop" ref={backdropRef}>
      <div
        className={['modal', className ?? ''].filter(Boolean).join(' ')}
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        tabIndex={-1}
      >
        <h2 className="modal__title" id={titleId}>
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
