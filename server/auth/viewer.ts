// Who is asking: the signed-in account behind a request's (or a socket handshake's) session cookie.

import { isLocale, type Locale } from "@/lib/i18n/locales";
import type { Auth } from "./auth";

export type Role = "patient" | "clinician" | "admin";

export interface Viewer {
  accountId: string;
  /** The better-auth session row: signing out deletes it, and with it this viewer. */
  sessionId: string;
  email: string;
  name: string;
  role: Role;
  /** For a patient: the Asleep user whose nights are theirs. */
  asleepUserId: string | null;
  /** The language chosen for this account ("en", "ko"), or null: the browser's (lib/i18n/locales.ts). */
  locale?: Locale | null;
}

export async function viewerFromHeaders(auth: Auth, headers: Headers): Promise<Viewer | null> {
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  const user = found.user as typeof found.user & { role?: string; asleepUserId?: string | null; disabledAt?: Date | null; locale?: string | null };
  // Its sessions are ended when an account is disabled; this refuses one that raced the disabling.
  if (user.disabledAt) return null;
  const role = user.role === "admin" || user.role === "clinician" ? user.role : "patient";
  return {
    accountId: user.id,
    sessionId: found.session.id,
    email: user.email,
    name: user.name,
    role,
    asleepUserId: user.asleepUserId ?? null,
    locale: isLocale(user.locale) ? user.locale : null,
  };
}
