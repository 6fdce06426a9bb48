// The demo clinic's sign-ins (scripts/demo.ts makes them), in a module of their own so that the README's
// screenshots and the demo's test can sign in without running the demo by importing it.

/** Every demo account's password (the demo is for looking, not for keeping). */
export const DEMO_PASSWORD = "demo passphrase 2026";
export const DEMO_DOMAIN = "demo.clinic";
/** The demo's two clinicians. */
export const DEMO_CLINICIANS = [`dr.lee@${DEMO_DOMAIN}`, `dr.kim@${DEMO_DOMAIN}`] as const;
