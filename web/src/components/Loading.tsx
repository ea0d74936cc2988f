import { useEffect, useState } from 'preact/hooks';

/**
 * Tells people something is on its way. The live region is there from the start and the words appear
 * after a short pause, so quick loads do not flash and slow ones are announced by screen readers.
 */
export function Loading({ label = 'Loading…', delayMs = 250 }: { label?: string; delayMs?: number }) {
  const [show, setShow] = useState(delayMs <= 0);
  useEffect(() => {
    if (delayMs <= 0) return;
    const timer = setTimeout(() => setShow(true), delayMs);
    return () => clearTimeout(timer);
  }, [delayMs]);
  return (
    <p class="loading" role="status" aria-live="polite">
      {show && (
        <>
          <span class="loading-spinner" aria-hidden="true" />
          {label}
        </>
      )}
    </p>
  );
}
