// better-auth's endpoints: /api/auth/sign-in/email, /api/auth/sign-out, /api/auth/get-session, …

import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

async function handle(request: Request): Promise<Response> {
  const response = await getRuntime().auth.handler(request);
  // better-auth says when to retry in X-Retry-After; say it in the standard header too.
  const wait = response.headers.get("x-retry-after");
  if (response.status !== 429 || !wait || response.headers.has("retry-after")) return response;
  const headers = new Headers(response.headers);
  headers.set("retry-after", wait);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export { handle as GET, handle as POST };
