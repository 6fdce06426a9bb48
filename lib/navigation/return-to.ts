// Where sign-in sends a person back to. A page that needs a sign-in sends its visitor to
// /login?next=<the page>; after signing in they land where they were going. `next` comes from a URL
// anyone can craft, so only a path on this site is followed — never another origin (an open redirect
// would let a phishing link pass through the app's own sign-in page).

const ORIGIN = "http://app.invalid";

/** `raw` as a path on this site ("/sessions/x?a=1"), or null when it is anything else. */
export function safeReturnPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 2048) return null;
  // One leading slash exactly: "//evil.example" and "/\evil.example" are other hosts to a browser.
  if (!raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return null;
  // Control characters and backslashes are folded away or into "/" by browsers: refuse them outright.
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN) return null;
  // Back to the sign-in page itself would only loop.
  if (url.pathname === "/login") return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, asked to return to `path` afterwards (when that is a safe path other than home). */
export function loginHref(path: string | null | undefined): string {
  const safe = safeReturnPath(path);
  return safe && safe !== "/" ? `/login?next=${encodeURIComponent(safe)}` : "/login";
}
