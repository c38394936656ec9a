import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { DiscardChangesDialog } from './DiscardChangesDialog';

/** A form that holds input the user has not saved, and how to drop it. */
interface UnsavedForm {
  discard: () => void;
}

/** What the app shell uses before it leaves the current page or the session. */
export interface LeaveGuard {
  /** Whether some form holds unsaved changes right now. */
  hasUnsavedChanges: () => boolean;
  /**
   * Asks "Discard changes?" when a form holds unsaved changes. Resolves true
   * when leaving is fine (nothing unsaved, or the user chose to discard: the
   * forms have dropped their input by then), false when the user stays.
   */
  confirmLeave: () => Promise<boolean>;
}

interface GuardHome extends LeaveGuard {
  /** Registers a form with unsaved changes; returns its unregistration. */
  register: (form: UnsavedForm) => () => void;
}

const GuardContext = createContext<GuardHome | null>(null);

/**
 * The guard's home: the forms with unsaved changes and the one "Discard
 * changes?" dialog. SessionProvider hosts it (sign-out asks through it), so
 * every signed-in screen and the shell can reach it.
 */
export function LeaveGuardHost({ children }: { children: (guard: LeaveGuard) => ReactNode }) {
  const forms = useRef(new Set<UnsavedForm>());
  // The answer to the question on screen, if one is asked.
  const [answer, setAnswer] = useState<((discard: boolean) => void) | null>(null);
  const answerRef = useRef(answer);
  answerRef.current = answer;

  const register = useCallback((form: UnsavedForm) => {
    forms.current.add(form);
    return () => {
      forms.current.delete(form);
      // The last unsaved form went away on its own (saved, or the session
      // locked): there is nothing left to ask about.
      if (forms.current.size === 0) answerRef.current?.(false);
    };
  }, []);

  const hasUnsavedChanges = useCallback(() => forms.current.size > 0, []);

  const confirmLeave = useCallback(() => {
    if (forms.current.size === 0) return Promise.resolve(true);
    // A second request while the question is open: the first one stays.
    answerRef.current?.(false);
    return new Promise<boolean>((resolve) => {
      setAnswer(() => (discard: boolean) => {
        setAnswer(null);
        if (discard) for (const form of [...forms.current]) form.discard();
        resolve(discard);
      });
    });
  }, []);

  const home = useMemo<GuardHome>(() => ({ register, hasUnsavedChanges, confirmLeave }), [register, hasUnsavedChanges, confirmLeave]);
  return (
    <GuardContext.Provider value={home}>
      {children(home)}
      {answer && <DiscardChangesDialog onDiscard={() => answer(true)} onKeepEditing={() => answer(false)} />}
    </GuardContext.Provider>
  );
}

function useGuardHome(): GuardHome {
  const home = useContext(GuardContext);
  if (!home) throw new Error('the leave guard is hosted by SessionProvider');
  return home;
}

/**
 * For the app shell (section navigation): before showing another page,
 * `if (await guard.confirmLeave()) show(next)`.
 */
export function useLeaveGuard(): LeaveGuard {
  const { hasUnsavedChanges, confirmLeave } = useGuardHome();
  return useMemo(() => ({ hasUnsavedChanges, confirmLeave }), [hasUnsavedChanges, confirmLeave]);
}

/**
 * For a form: while dirty, leaving asks first; onDiscard drops the input
 * when the user chooses to leave anyway.
 */
export function useUnsavedChanges(dirty: boolean, onDiscard: () => void): void {
  const { register } = useGuardHome();
  const discardRef = useRef(onDiscard);
  discardRef.current = onDiscard;
  useEffect(() => (dirty ? register({ discard: () => discardRef.current() }) : undefined), [dirty, register]);
}
