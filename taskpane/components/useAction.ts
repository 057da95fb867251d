import { useCallback, useRef, useState } from 'react';

/**
 * Runs one user action at a time: shows what is going on while it runs, and keeps any
 * error it throws for display (and in the console): nothing is swallowed.
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const run = useCallback(async (label: string, fn: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(label);
    setError(null);
    try {
      await fn();
    } catch (e) {
      console.error(e);
      setError(e ?? new Error('Unknown error'));
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);
  return { busy, error, setError, run };
}
