import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  onSettings: () => void;
  onHelp: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * The app's keyboard shortcuts: Ctrl/⌘+S submits the open form marked
 * data-shortcut="save", Ctrl/⌘+, opens settings, Ctrl/⌘+/ or ? (outside a
 * text field) lists the shortcuts. Esc is the dialogs' own.
 */
export function useShortcuts(enabled: boolean, handlers: ShortcutHandlers): void {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey) return;
      const mod = event.ctrlKey || event.metaKey;
      const inDialog = document.querySelector('[role="dialog"]') !== null;
      if (mod && event.key.toLowerCase() === 's') {
        event.preventDefault(); // never the webview's "save page"
        // Not behind a dialog: the form there is not what the user looks at.
        // Nor a form on a page that is hidden (the profile stays mounted while another page shows).
        if (!inDialog) {
          const forms = [...document.querySelectorAll<HTMLFormElement>('form[data-shortcut="save"]')];
          forms.find((form) => form.closest('[hidden]') === null)?.requestSubmit();
        }
        return;
      }
      if (!enabled || inDialog) return;
      if (mod && event.key === ',') {
        event.preventDefault();
        handlersRef.current.onSettings();
      } else if ((mod && event.key === '/') || (event.key === '?' && !mod && !isTyping(event.target))) {
        event.preventDefault();
        handlersRef.current.onHelp();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
