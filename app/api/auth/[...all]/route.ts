// better-auth's endpoints: /api/auth/sign-in/email, /api/auth/sign-out, /api/auth/get-session, …
// Failed sign-ins are limited inside better-auth (server/security/sign-in-limits.ts) and an address
// already over its limit is turned away before Next.js (server/security/edge-guard.ts).

import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  const response = await getRuntime().auth.handler(request);
  // better-auth's own limiter (the second line) says when to retry in X-Retry-After only: every 429
  // of the app carries the standard Retry-After.
  const retryAfter = response.headers.get("x-retry-after");
  if (response.status === 429 && retryAfter && !response.headers.has("retry-after")) {
    const headers = new Headers(response.headers);
    headers.set("retry-after", retryAfter);
    return new Response(response.body, { status: 429, statusText: response.statusText, headers });
  }
  return response;
}

export { handle as GET, handle as POST };
