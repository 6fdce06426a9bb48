// better-auth's endpoints: /api/auth/sign-in/email, /api/auth/sign-out, /api/auth/get-session, …
// (sign-in attempts are rate limited before they reach Next.js: server/security/edge-guard.ts).

import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

const handle = (request: Request): Promise<Response> => getRuntime().auth.handler(request);

export { handle as GET, handle as POST };
