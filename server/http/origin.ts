// CSRF for our own state-changing routes, by the same rule better-auth applies to sign-in
// (server/auth/auth.ts): the request's Origin must be PUBLIC_URL's origin or, without PUBLIC_URL, the
// host the request was sent to. Browsers always send Origin on POST and DELETE, so a missing one means
// a request not made by our pages, and is refused too.

/** The origins a state-changing request may come from. */
export function allowedOrigins(publicUrl: string | undefined, host: string | null): string[] {
  if (publicUrl) return [new URL(publicUrl).origin];
  return host ? [`http://${host}`, `https://${host}`].map((o) => o.toLowerCase()) : [];
}

export function isSameOrigin(request: Request, publicUrl: string | undefined): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  return allowedOrigins(publicUrl, request.headers.get("host")).includes(origin.toLowerCase());
}
