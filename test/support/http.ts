// Raw HTTP from a chosen loopback address: rate limits are per client address, and every 127.x.y.z
// address reaches this machine, so a test can be several clients without a proxy.

import { Agent, request } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

export function postFrom(
  url: string,
  { localAddress = "127.0.0.1", headers = {}, body = "", agent }: { localAddress?: string; headers?: Record<string, string>; body?: string; agent?: Agent },
): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        localAddress,
        agent: agent ?? false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, ms: performance.now() - started }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs `task` for every item with at most `concurrency` in flight. */
export async function inParallel<T, R>(items: T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * One request with its target sent exactly as given (`/api/./x`, `//x`, `http://host/x`, `%2e`):
 * fetch and URL-based clients resolve such paths before sending, which is what a test of path
 * spellings must not do.
 */
export function rawRequest(
  base: string,
  target: string,
  { method = "POST", localAddress = "127.0.0.1", headers = {}, body = "" }: { method?: string; localAddress?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path: target,
        method,
        localAddress,
        agent: false,
        headers: { ...(body || method !== "GET" ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, ms: performance.now() - started }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
