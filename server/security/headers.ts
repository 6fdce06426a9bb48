// Security headers. Pages get a Content-Security-Policy with a fresh nonce per request (proxy.ts):
// Next.js streams inline scripts, and a nonce lets exactly those run, where 'unsafe-inline' would let
// any injected one run too. Styles stay 'unsafe-inline': recharts and Next.js set style attributes,
// and a style cannot run code.

/** The policy for one page response. `dev` adds what React's development build needs (eval). */
export function pagePolicy(nonce: string, { dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // Socket.IO connects to this same origin (ws/wss included in 'self').
    "connect-src 'self'",
    // The morning notification's service worker (/push-sw.js), from this origin only.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON and CSV answers are never documents: nothing may load from them or frame them. */
export const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** On every response the app itself answers (pages, API, webhook). */
export function baseHeaders({ https }: { https: boolean }): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ["x-content-type-options", "nosniff"],
    // URLs name patients (/patients/<id>): never send them to another site.
    ["referrer-policy", "same-origin"],
    ["x-frame-options", "DENY"],
    ["permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
    ["cross-origin-opener-policy", "same-origin"],
    ["cross-origin-resource-policy", "same-origin"],
  ];
  if (https) headers.push(["strict-transport-security", "max-age=31536000"]);
  return headers;
}
