import { useEffect, useRef } from 'react';

/**
 * A message that answers a button press must appear where the user is looking: once `shown`, the
 * element is scrolled to the middle of the screen and focused (give it tabIndex={-1}), so a refusal
 * at the top of a long form or dialog is not missed while the user looks at the button.
 */
export function useReveal<T extends HTMLElement>(shown: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!shown) return;
    ref.current?.scrollIntoView({ block: 'center' });
    ref.current?.focus();
  }, [shown]);
  return ref;
}
