/**
 * How every backend call is made, and how the UI learns that the signed-in
 * session ended behind its back: a call rejected with code "unauthenticated"
 * (an expired, revoked or locked session) is published here before its
 * caller sees the rejection, whichever screen made it. The session holder
 * listens (through onSessionEnded in client.ts); no component passes the
 * news along. Imports nothing from wailsjs, so the test stand-in of the
 * client (src/test/apiMock.ts) runs its calls through this same path.
 */
import { toAppError } from './errors';

const unauthenticatedListeners = new Set<() => void>();

/**
 * Calls listener after every call rejected as "unauthenticated"; returns the
 * unsubscribe function.
 */
export function onUnauthenticatedCall(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => {
    unauthenticatedListeners.delete(listener);
  };
}

/**
 * Runs one backend call. Rejects with an AppError (see toAppError); one with
 * code "unauthenticated" is first published to onUnauthenticatedCall's
 * listeners. A synchronous throw (no Wails runtime) counts as a rejection.
 */
export async function call<T>(invoke: () => Promise<T>): Promise<T> {
  try {
    return await invoke();
  } catch (reason) {
    const error = toAppError(reason);
    if (error.code === 'unauthenticated') {
      for (const listener of [...unauthenticatedListeners]) listener();
    }
    throw error;
  }
}
