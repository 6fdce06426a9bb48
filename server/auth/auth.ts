// Sign-in with better-auth: email and password (scrypt hashes), sessions as rows in the database,
// httpOnly SameSite=Lax cookies (Secure in production), sign-out deletes the session row. Public
// sign-up is off: accounts are created by an admin (`npm run users`).
//
// Why better-auth: it is made for this stack (Next.js route handler, Prisma adapter, server-side
// `getSession` from plain headers, which the Socket.IO handshake needs too) and keeps sessions in our
// own database, so ending one is a row delete that every instance sees at once.

import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import { perProcessWindows, type RateLimits } from "../security/rate-limits";
import { signInLimits } from "../security/sign-in-limits";
import { CHANGE_PASSWORD, credentialRules } from "./credential-rules";
import { voidResetLinks } from "./reset-links";

/** Set by the custom server from the TCP peer, never taken from the client: the rate limit key. */
export const CLIENT_IP_HEADER = "x-sleep-client-ip";

export interface AuthOptions {
  db: Db;
  secret: string;
  /** Where people reach the app (https://sleep.example.org); unset: taken from each request. */
  publicUrl?: string;
  /** Secure cookies (HTTPS only). Browsers accept them from http://localhost too. */
  secureCookies: boolean;
  /** Called after a session row is deleted (sign-out), to close that browser's live sockets. */
  onSessionEnded?: (sessionId: string) => void;
  /** better-auth's own messages go to the app's structured log. */
  logger?: Logger;
  /** Failed sign-ins per address and per account (server/security/sign-in-limits.ts). */
  limits?: Pick<RateLimits, "signIn" | "signInAccount" | "signInsUnderWay">;
}

/** better-auth's own limiter, the second line: every sign-in attempt per address per process. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 100;

export function createAuth({ db, secret, publicUrl, secureCookies, onSessionEnded, logger, limits }: AuthOptions) {
  return betterAuth({
    secret,
    logger: {
      // Without PUBLIC_URL the origin comes from each request, as intended: not worth a warning.
      level: publicUrl ? "warn" : "error",
      log: (level, message) => logger?.[level]({ component: "auth" }, message),
    },
    ...(publicUrl && { baseURL: publicUrl }),
    // Sign-in and sign-out must come from our own pages (CSRF): the Origin must be PUBLIC_URL, or,
    // without it, the host the request was sent to.
    trustedOrigins: async (request) => {
      if (publicUrl) return [new URL(publicUrl).origin];
      const host = request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    database: prismaAdapter(db, { provider: "postgresql" }),
    telemetry: { enabled: false },
    // A password reset (a one-time link an admin issued) signs the account out everywhere, and voids
    // the account's other links (better-auth consumed the one used). Its adapter runs without a
    // transaction here, so this follows the new password's commit, before the answer.
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
      onPasswordReset: async ({ user }) => void (await voidResetLinks(db, user.id)),
    },
    user: {
      modelName: "user",
      additionalFields: {
        role: { type: "string", required: true, input: false, defaultValue: "patient" },
        asleepUserId: { type: "string", required: false, input: false },
        // Set by an admin (server/accounts/admin.ts): such an account gets no new session.
        disabledAt: { type: "date", required: false, input: false },
        // The account's language ("en", "ko"); null follows the browser (server/i18n/request.ts).
        locale: { type: "string", required: false, input: false },
      },
    },
    session: {
      modelName: "authSession",
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
      // No cookie cache: every request and socket handshake checks the database, so an ended
      // session is refused at once.
      cookieCache: { enabled: false },
    },
    account: { modelName: "authAccount" },
    verification: { modelName: "verification" },
    // Failed sign-ins are limited by the plugin below (per address and per account, shared by all
    // instances through Redis). better-auth's own limiter stays on as a second line: it counts every
    // attempt, successful or not, per address in this process, so its bound is wide enough for a
    // clinic behind one NAT signing in together (its default, 3 in 10 seconds, is not).
    rateLimit: {
      enabled: true,
      customStorage: perProcessWindows(),
      customRules: { "/sign-in/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE } },
    },
    plugins: [credentialRules(), ...(limits ? [signInLimits({ limits, clientHeader: CLIENT_IP_HEADER, logger })] : [])],
    advanced: {
      useSecureCookies: secureCookies,
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      database: { generateId: () => crypto.randomUUID() },
    },
    databaseHooks: {
      session: {
        create: {
          // Checked once the password has been verified, so a wrong password still reads as one:
          // only the account's owner learns that it is disabled.
          before: async (session) => {
            const user = await db.user.findUnique({ where: { id: session.userId }, select: { disabledAt: true } });
            if (user?.disabledAt) throw new APIError("FORBIDDEN", { message: "This account is disabled", code: "ACCOUNT_DISABLED" });
          },
        },
        delete: {
          after: async (session) => onSessionEnded?.(session.id),
        },
      },
      account: {
        update: {
          // One's own new password (its other sessions are ended by credentialRules): no reset link
          // issued before it may override it.
          after: async (account, ctx) => {
            if (ctx?.path === CHANGE_PASSWORD) await voidResetLinks(db, account.userId);
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
