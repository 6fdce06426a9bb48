"use client";

// A button whose action is JavaScript (a fetch, a state change) does nothing until React has hydrated the
// page: on a slow phone, or a loaded machine, that is seconds in which a tap is silently lost, and a form
// handled by JavaScript, submitted with Enter, is sent natively instead (for the sign-in form, the password
// in the address). So such a button is disabled until the page is hydrated: it looks unavailable, a tap on
// it does nothing it should not, and the HTML rule for implicit submission keeps Enter from sending the
// form while its default button is disabled. components/action-buttons.test.ts keeps every one this way.

import { useSyncExternalStore, type ButtonHTMLAttributes } from "react";

const never = () => () => {};

/** False in the server's render and while the browser hydrates it; true from then on. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}

/** A `<button>` that is disabled until the page is hydrated (and whenever `disabled` says so). */
export function ActionButton({ disabled, ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  const hydrated = useHydrated();
  return <button {...props} disabled={!hydrated || disabled} />;
}
