// Where outbound events may be sent. Events carry patients' data and the app sends them from inside
// the clinic's network, so an admin's URL must not reach anything a stranger on the internet could
// not: not this machine, not the cloud's metadata service (169.254.169.254, fd00:ec2::254), not a
// private, link-local, carrier-grade NAT, unspecified or otherwise special address, in any spelling.
// ipaddr.js classifies; the WHATWG URL parser has already turned 2852039166, 0xa9fea9fe, 0251.0376.0251.0376
// or 169.254.43518 into 169.254.169.254, and [::ffff:169.254.169.254] into [::ffff:a9fe:a9fe].
//
// The same rules run twice: here on the URL as typed (a literal address is refused at registration),
// and at every delivery on each address the name resolves to (server/outbound/destination.ts), since
// a name can point anywhere, and point elsewhere tomorrow.

import ipaddr from "ipaddr.js";

export interface DestinationPolicy {
  /**
   * OUTBOUND_ALLOW_LOOPBACK=true: receivers on this machine (127.0.0.0/8, ::1, `localhost`), over
   * http or https. For development and tests; nothing else private is ever allowed.
   */
  allowLoopback: boolean;
}

/** IPv6 global unicast (2000::/3): anything outside it (IPv4-compatible ::a.b.c.d, ...) is no public address. */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR("2000::/3");

const RANGE_WORDS: Record<string, string> = {
  unspecified: "the unspecified address (it reaches this machine)",
  loopback: "a loopback address (this machine)",
  private: "a private network address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)",
  linkLocal: "a link-local address (where cloud metadata services such as 169.254.169.254 answer)",
  carrierGradeNat: "a carrier-grade NAT address (100.64.0.0/10)",
  uniqueLocal: "a private IPv6 address (fc00::/7, where fd00:ec2::254, a cloud metadata service, answers)",
  multicast: "a multicast address",
  broadcast: "the broadcast address",
};

/**
 * Null when events may be sent to `address` (an IP address as DNS or a URL gives it), else what kind
 * of address it is, in words. Public unicast only; loopback too with `allowLoopback`.
 */
export function addressProblem(address: string, policy: DestinationPolicy): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process(): ::ffff:a.b.c.d is a.b.c.d to a dual-stack socket, so it is judged as that.
    ip = ipaddr.process(address.replace(/^\[|\]$/g, ""));
  } catch {
    return "not an IP address";
  }
  const range = ip.range();
  if (range === "loopback") return policy.allowLoopback ? null : `${RANGE_WORDS.loopback}: allowed only with OUTBOUND_ALLOW_LOOPBACK=true, for development`;
  if (range === "unicast" && (ip.kind() === "ipv4" || (ip as ipaddr.IPv6).match(GLOBAL_UNICAST))) return null;
  return RANGE_WORDS[range] ?? `a reserved or special-purpose address (${range === "unicast" ? "not global unicast" : range})`;
}

/** Whether `address` is a loopback address (127.0.0.0/8, ::1, or either mapped). */
export function isLoopbackAddress(address: string): boolean {
  try {
    const ip = ipaddr.process(address.replace(/^\[|\]$/g, ""));
    return ip.range() === "loopback";
  } catch {
    return false;
  }
}

/** The host of a parsed URL as an IP address, or null when it is a name. */
export function literalAddress(url: URL): string | null {
  const host = url.hostname;
  if (host.startsWith("[")) return host.slice(1, -1);
  // The URL parser turns every IPv4 spelling it accepts into four decimal parts.
  return ipaddr.IPv4.isValidFourPartDecimal(host) ? host : null;
}

/** `localhost` and its subdomains are this machine whatever DNS says (RFC 6761). */
export function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}

/** Null when the URL may receive events, else why not, in words for the form (the `url` field). */
export function endpointUrlProblem(raw: string, policy: DestinationPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Not a URL";
  }
  if (url.username || url.password) return "Put no credentials in the URL (the signature authenticates the app)";
  if (url.hash) return "A URL with a #fragment cannot be requested";
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https URL";
  const literal = literalAddress(url);
  if (literal !== null) {
    const problem = addressProblem(literal, policy);
    if (problem) return `${url.hostname} is ${problem}: events go only to public addresses`;
  } else if (isLocalhostName(url.hostname) && !policy.allowLoopback) {
    return `${url.hostname} is this machine: allowed only with OUTBOUND_ALLOW_LOOPBACK=true, for development`;
  }
  // Plain http only where nothing leaves the machine.
  if (url.protocol === "http:" && !(policy.allowLoopback && (literal !== null ? isLoopbackAddress(literal) : isLocalhostName(url.hostname)))) {
    return policy.allowLoopback ? "Use https (plain http only to this machine: localhost, 127.0.0.1, [::1])" : "Use an https URL";
  }
  return null;
}
