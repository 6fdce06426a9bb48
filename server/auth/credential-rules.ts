// Rules better-auth's own endpoints follow here, beside what its options say (./auth.ts):
//
// - Every string sent to an endpoint (body, query, path) is one the database can hold
//   (lib/text/storable.ts): a reset token holding U+0000 or a lone surrogate is a 400, never a 500
//   from the verification lookup. A field called `token` is refused as an invalid token (the reset
//   page says so plainly); anything else as invalid input, naming the field.
// - Every field is bounded and typed by the same zod rules as the app's own routes (./auth-input.ts):
//   a 2 MB name, a number as a name, an unknown field are a 400 naming the field, and change nothing.
// - Changing one's own password signs out every other session, whatever the client asked
//   (`revokeOtherSessions` is forced on): whoever else held the old password is out.

import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { firstUnstorable } from "@/lib/text/storable";
import { AUTH_BODY_NORMALISED, checkAuthBody } from "./auth-input";

export const CHANGE_PASSWORD = "/change-password";

export function credentialRules(): BetterAuthPlugin {
  return {
    id: "credential-rules",
    hooks: {
      before: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const found = firstUnstorable({ ...(ctx.params ?? {}), ...(ctx.query ?? {}), ...(ctx.body && typeof ctx.body === "object" ? ctx.body : {}) });
            if (!found) return;
            const isToken = found.path === "token";
            throw new APIError("BAD_REQUEST", { message: `${found.path}: ${found.problem}`, code: isToken ? "INVALID_TOKEN" : "INVALID_INPUT" });
          }),
        },
        {
          matcher: (ctx) => ctx.body !== undefined,
          handler: createAuthMiddleware(async (ctx) => {
            const checked = checkAuthBody(ctx.path, ctx.body);
            if (!checked.ok) throw new APIError("BAD_REQUEST", { message: checked.message, code: "INVALID_INPUT" });
            if (AUTH_BODY_NORMALISED.has(ctx.path)) return { context: { body: checked.body } };
          }),
        },
        {
          matcher: (ctx) => ctx.path === CHANGE_PASSWORD,
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.body || typeof ctx.body !== "object") return;
            return { context: { body: { ...ctx.body, revokeOtherSessions: true } } };
          }),
        },
      ],
    },
  };
}
