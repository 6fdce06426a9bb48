// Next.js proxy (the successor of middleware): a per-request nonce for the pages' Content Security
// Policy. Next.js reads the nonce from the request's policy header and puts it on its own scripts.

import { NextResponse, type NextRequest } from "next/server";
import { pagePolicy } from "./server/security/headers";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = pagePolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  // The page asked for, so a page that needs a sign-in can send its visitor back here after it
  // (server/http/viewer.ts). Set here, never taken from the client.
  headers.set("x-return-to", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: API answers get a fixed policy from the server, static assets need none.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
