// Where a delivery may connect: every address the endpoint's name resolves to is checked against the
// rules in lib/outbound/endpoint-url.ts, at the moment of connecting, and the connection goes only to
// an address that was checked. The check is the socket's own `lookup` (net.connect's option), so no
// second resolution happens between checking and connecting: a name that answers a public address to
// a check and 169.254.169.254 to the connection (DNS rebinding) has no gap to use.

import dns from "node:dns";
import type { LookupFunction } from "node:net";
import { addressProblem, isLoopbackAddress, type DestinationPolicy } from "@/lib/outbound/endpoint-url";

/** A destination the rules refuse: the delivery fails with this message, and nothing was sent. */
export class RefusedDestination extends Error {
  readonly code = "ERR_OUTBOUND_DESTINATION_REFUSED";
}

type Resolve = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

const systemResolve: Resolve = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/**
 * A `lookup` for http(s).request that resolves `hostname` (all addresses), refuses the connection when
 * any of them is refused (a name that answers both a public and a private address is not trusted),
 * and hands the socket exactly the addresses it checked. `loopbackOnly`: plain http, which may only
 * stay on this machine. `resolve` is the system resolver except in tests.
 */
export function checkedLookup(policy: DestinationPolicy, loopbackOnly: boolean, resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { family: options.family, hints: options.hints, all: true }, (err, addresses) => {
      if (err) return callback(err, "");
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "");
      for (const a of addresses) {
        const problem = loopbackOnly && !isLoopbackAddress(a.address) ? "which is not this machine (plain http stays on this machine)" : addressProblem(a.address, policy);
        if (problem) return callback(new RefusedDestination(`${hostname} resolves to ${a.address}, ${problem}`), "");
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
