// What better-auth's own endpoints accept, by the same zod rules as the app's routes. better-auth
// checks little itself: `update-user` took a 2 MB name (which the period report then laid out on the
// event loop), a number as a name and U+0000 both failed with a 500. Every field of every endpoint
// that takes a body is bounded here, before better-auth reads it: a violation is a 400 naming the
// field (code INVALID_INPUT), and nothing is changed. An endpoint not listed gets the generic rule
// (a flat object of short values). The body as a whole is bounded before Next.js
// (server/security/edge-guard.ts, AUTH_BODY_MAX_BYTES).

import { z } from "zod";
import { storableString } from "@/lib/text/storable";

/** A person's name, as an admin sets it (`npm run users`) and as its owner may change it. */
export const personNameSchema = storableString().trim().min(1, "must not be empty").max(120, "must be at most 120 characters");

/** Passwords as better-auth's options bound them (auth.ts: 10–256); an old password is only ever compared. */
const password = z.string().min(1).max(256, "must be at most 256 characters");
const newPassword = z.string().min(10, "must be at least 10 characters").max(256, "must be at most 256 characters");
const email = storableString().min(1).max(254, "must be at most 254 characters");
/** A same-site path or URL to go to afterwards (better-auth checks it against the trusted origins). */
const callbackUrl = storableString().max(2048, "must be at most 2048 characters");
const image = storableString().max(2048, "must be at most 2048 characters").nullable();
const token = storableString().min(1).max(512, "must be at most 512 characters");

/** POST /api/auth/update-user: what a signed-in person may change on their own account. */
export const updateUserBodySchema = z.strictObject({ name: personNameSchema.optional(), image: image.optional() });
/** POST /api/auth/sign-up/email (off here: accounts are made by an admin; bounded all the same). */
export const signUpBodySchema = z.strictObject({ name: personNameSchema, email, password: newPassword, image: image.optional(), callbackURL: callbackUrl.optional(), rememberMe: z.boolean().optional() });
/** POST /api/auth/sign-in/email. */
export const signInBodySchema = z.strictObject({ email, password, callbackURL: callbackUrl.optional(), rememberMe: z.boolean().optional() });
/** POST /api/auth/change-password. */
export const changePasswordBodySchema = z.strictObject({ currentPassword: password, newPassword, revokeOtherSessions: z.boolean().optional() });
/** POST /api/auth/reset-password (the one-time link an admin issued). */
export const resetPasswordBodySchema = z.strictObject({ newPassword, token: token.optional() });
/** POST /api/auth/change-email. */
export const changeEmailBodySchema = z.strictObject({ newEmail: email, callbackURL: callbackUrl.optional() });
/** POST /api/auth/request-password-reset and its older name /forget-password. */
export const requestResetBodySchema = z.strictObject({ email, redirectTo: callbackUrl.optional() });
/** Any other endpoint: a flat object of short values. */
export const otherAuthBodySchema = z.record(
  storableString().max(64, "field names must be at most 64 characters"),
  z.union([storableString().max(2048, "must be at most 2048 characters"), z.number(), z.boolean(), z.null()], "must be a short string, a number, true/false or null"),
);

export const AUTH_BODY_SCHEMAS: Record<string, z.ZodType> = {
  "/update-user": updateUserBodySchema,
  "/sign-up/email": signUpBodySchema,
  "/sign-in/email": signInBodySchema,
  "/change-password": changePasswordBodySchema,
  "/set-password": z.strictObject({ newPassword }),
  "/reset-password": resetPasswordBodySchema,
  "/change-email": changeEmailBodySchema,
  "/request-password-reset": requestResetBodySchema,
  "/forget-password": requestResetBodySchema,
  "/send-verification-email": z.strictObject({ email, callbackURL: callbackUrl.optional() }),
  "/revoke-session": z.strictObject({ token }),
  "/delete-user": z.strictObject({ password: password.optional(), token: token.optional(), callbackURL: callbackUrl.optional() }),
};

/** Paths whose body becomes the parsed one (names trimmed as the app stores them). */
export const AUTH_BODY_NORMALISED = new Set(["/update-user", "/sign-up/email"]);

/** Validates an endpoint's body: the parsed body, or one line naming each field that is wrong. */
export function checkAuthBody(path: string, body: unknown): { ok: true; body: unknown } | { ok: false; message: string } {
  if (body === undefined || body === null) return { ok: true, body };
  const schema = AUTH_BODY_SCHEMAS[path] ?? otherAuthBodySchema;
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, body: parsed.data };
  const message = parsed.error.issues
    .slice(0, 5)
    // Bounded: an unknown field's name is echoed, and it may be long.
    .map((i) => `${i.path.map(String).join(".").slice(0, 64) || "body"}: ${i.code === "invalid_type" && i.path.length === 0 ? "must be a JSON object" : i.message.slice(0, 200)}`)
    .join("; ");
  return { ok: false, message };
}
