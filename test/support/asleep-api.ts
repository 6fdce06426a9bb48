// A local stand-in for Asleep's REST API, speaking the protocol the back-fill relies on
// (/work/shared/asleep README, point 8): GET /data/v3/sessions/{id} with headers x-api-key and
// x-user-id answers `{"detail":"success","result":{session, stat, peculiarities, missing_data_ratio}}`;
// a wrong or missing key is 401, a missing x-user-id 400, a session unknown for that user 404.
// A test can make a session answer 500 or never answer, and sees every request that came in.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface AsleepSessionData {
  session: {
    id: string;
    state: "OPEN" | "CLOSED" | "COMPLETE";
    start_time?: string;
    end_time?: string;
    timezone?: string;
    sleep_stages: number[];
    snoring_stages?: number[];
  };
  stat?: Record<string, unknown> | null;
  peculiarities?: string[];
  missing_data_ratio?: number;
}

export type Behaviour = "answer" | "fail" | "hang";

export interface AsleepRequest {
  path: string;
  apiKey: string | undefined;
  userId: string | undefined;
  status: number | "hung";
  at: number;
}

export interface AsleepStandIn {
  url: string;
  /** What Asleep holds for a session of a user (replaces any earlier state). */
  setSession(userId: string, data: AsleepSessionData): void;
  /** How a session's requests are answered from now on (default: answer). */
  behave(sessionId: string, behaviour: Behaviour): void;
  requests: AsleepRequest[];
  requestsFor(sessionId: string): AsleepRequest[];
  close(): Promise<void>;
}

export async function startAsleepApi({ apiKey }: { apiKey: string }): Promise<AsleepStandIn> {
  const sessions = new Map<string, { userId: string; data: AsleepSessionData }>();
  const behaviours = new Map<string, Behaviour>();
  const requests: AsleepRequest[] = [];
  const hung = new Set<ServerResponse>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const record: AsleepRequest = { path: url.pathname, apiKey: header("x-api-key"), userId: header("x-user-id"), status: 0, at: Date.now() };
    requests.push(record);
    const answer = (status: number, body: unknown) => {
      record.status = status;
      send(res, status, body);
    };

    const match = /^\/data\/v3\/sessions\/([^/]+)$/.exec(url.pathname);
    if (req.method !== "GET" || !match) return answer(404, { detail: "Not Found" });
    if (record.apiKey !== apiKey) return answer(401, { detail: "invalid api key" });
    if (!record.userId) return answer(400, { detail: "x-user-id header is required" });
    const sessionId = decodeURIComponent(match[1]!);
    const behaviour = behaviours.get(sessionId) ?? "answer";
    if (behaviour === "hang") {
      record.status = "hung";
      hung.add(res);
      res.on("close", () => hung.delete(res));
      return;
    }
    if (behaviour === "fail") return answer(500, { detail: "internal server error" });
    const held = sessions.get(sessionId);
    if (!held || held.userId !== record.userId) return answer(404, { detail: "session not found" });
    answer(200, { detail: "success", result: held.data });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setSession(userId, data) {
      sessions.set(data.session.id, { userId, data: structuredClone(data) });
    },
    behave(sessionId, behaviour) {
      behaviours.set(sessionId, behaviour);
    },
    requests,
    requestsFor: (sessionId) => requests.filter((r) => r.path === `/data/v3/sessions/${encodeURIComponent(sessionId)}`),
    close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
