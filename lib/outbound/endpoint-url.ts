// Where outbound events may be sent: HTTPS anywhere, plain http only to this machine (a receiver
// running beside the app, for development and tests), since events carry patients' data.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Null when the URL may receive events, else why not, in words for the form. */
export function endpointUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Not a URL";
  }
  if (url.username || url.password) return "Put no credentials in the URL (the signature authenticates the app)";
  if (url.hash) return "A URL with a #fragment cannot be requested";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") return isLoopbackHost(url.hostname) ? null : "Use https (plain http only to this machine: localhost or 127.0.0.1)";
  return "Use an https URL";
}
