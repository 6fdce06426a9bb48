// A request's path as the router will resolve it, for the checks that run before Next.js (rate
// limits, the bad-key lockout, malformed paths). Matching the raw request target would let
// `/api/./asleep-webhook`, `/api//asleep-webhook`, `/api/x/%2e%2e/asleep-webhook` or an absolute-form
// target (`POST http://host/api/asleep-webhook`) past a limit while still reaching the handler.
//
// Measured on Next.js 16 (test/locks.test.ts): it resolves dot segments (also spelled %2e), routes
// them to the handler, and redirects duplicate slashes, a trailing slash and backslashes to the
// canonical path; it does not decode percent-encoded letters of a static segment, and it is case
// sensitive. `routeKey` folds all of these and more (decoding, case), so a spelling the router might
// take to a handler is never missed; folding too much costs nothing, as it only names the limit.

const ORIGIN = "http://route.invalid";

/** The target's path, dot segments resolved and backslashes made slashes (WHATWG URL), still encoded. */
function pathnameOf(target: string): string | null {
  try {
    // "//api/x" alone would parse as host "api": keep every origin-form target a path.
    return new URL(target.startsWith("/") || target.startsWith("\\") ? ORIGIN + target : target).pathname;
  } catch {
    return null;
  }
}

/**
 * True when the path's percent-encoding cannot be decoded (`%ZZ`, a lone `%`, a cut or invalid UTF-8
 * sequence): Next.js would fail on it with a 500, so the server answers 400 before.
 */
export function hasMalformedPath(target: string): boolean {
  const pathname = pathnameOf(target);
  if (pathname === null) return true;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/**
 * The canonical form of a request's path for matching a guarded route: dot segments resolved,
 * percent-encoding decoded (again until it no longer changes, then resolved again), duplicate and
 * trailing slashes dropped, lower case. Null when the path cannot be read at all.
 */
export function routeKey(target: string): string | null {
  let path = pathnameOf(target);
  if (path === null) return null;
  for (let round = 0; round < 4; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return null;
    }
    const resolved = pathnameOf("/" + decoded.replace(/\/{2,}/g, "/").replace(/^\/+/, ""));
    if (resolved === null) return null;
    if (resolved === path) break;
    path = resolved;
  }
  return (path.replace(/\/{2,}/g, "/").replace(/\/+$/, "") || "/").toLowerCase();
}
