import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { DiscardChangesDialog } from './DiscardChangesDialog';

/** A form that holds input the user has not saved, and how to drop it. */
interface UnsavedForm {
  discard: () => void;
  /** Its save under way, if any: resolves true once the backend stored it. */
  saving: () => Promise<boolean> | null;
}

/** What the app shell uses before it leaves the current page or the session. */
export interface LeaveGuard {
  /** Whether some form holds unsaved changes right now. */
  hasUnsavedChanges: () => boolean;
  /**
   * Asks "Discard changes?" when a form holds unsaved changes. Resolves true
   * when leaving is fine (nothing unsaved, or the user chose to discard: the
   * forms have dropped their input by then), false when the user stays. A
   * save already sent is waited for first: the backend completes it whatever
   * the user answers, so "Discard" is offered only for input it refused.
   */
  confirmLeave: () => Promise<boolean>;
}

interface GuardHome extends LeaveGuard {
  /** Registers a form with unsaved changes; returns its unregistration. */
  register: (form: UnsavedForm) => () => void;
  /** confirmLeave for these forms only (a dialog's own Cancel). */
  ask: (asked: readonly UnsavedForm[]) => Promise<boolean>;
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

  // The forms the question on screen is about.
  const asking = useRef<readonly UnsavedForm[]>([]);

  const register = useCallback((form: UnsavedForm) => {
    forms.current.add(form);
    return () => {
      forms.current.delete(form);
      // The forms asked about went away on their own (saved, or the session
      // locked): there is nothing left to ask about.
      if (asking.current.length > 0 && asking.current.every((asked) => !forms.current.has(asked))) answerRef.current?.(false);
    };
  }, []);

  const hasUnsavedChanges = useCallback(() => forms.current.size > 0, []);

  const ask = useCallback(async (asked: readonly UnsavedForm[]) => {
    const outcomes = await Promise.all(asked.map((form) => form.saving() ?? Promise.resolve(false)));
    const unsaved = asked.filter((_, i) => !outcomes[i]);
    if (unsaved.length === 0) return true;
    // A second request while the question is open: the first one stays.
    answerRef.current?.(false);
    asking.current = unsaved;
    return new Promise<boolean>((resolve) => {
      setAnswer(() => (discard: boolean) => {
        asking.current = [];
        setAnswer(null);
        if (discard) for (const form of unsaved) form.discard();
        resolve(discard);
      });
    });
  }, []);

  const confirmLeave = useCallback(() => ask([...forms.current]), [ask]);

  const home = useMemo<GuardHome>(
    () => ({ register, ask, hasUnsavedChanges, confirmLeave }),
    [register, ask, hasUnsavedChanges, confirmLeave],
  );
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
 * when the user chooses to leave anyway. saving gives the save under way
 * (Submit.pending), which leaving waits for. Returns the same question for
 * this form alone, for its own Cancel: resolves true when it may close.
 */
export function useUnsavedChanges(dirty: boolean, onDiscard: () => void, saving?: () => Promise<boolean> | null): () => Promise<boolean> {
  const { register, ask } = useGuardHome();
  const discardRef = useRef(onDiscard);
  discardRef.current = onDiscard;
  const savingRef = useRef(saving);
  savingRef.current = saving;
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const form = useMemo<UnsavedForm>(() => ({ discard: () => discardRef.current(), saving: () => savingRef.current?.() ?? null }), []);
  useEffect(() => (dirty ? register(form) : undefined), [dirty, register, form]);
  return useCallback(() => (dirtyRef.current ? ask([form]) : Promise.resolve(true)), [ask, form]);
}
