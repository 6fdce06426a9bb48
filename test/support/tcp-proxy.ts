// A loopback TCP proxy in front of PostgreSQL, to take the database away from a running app without
// touching the shared server: "refuse" drops every connection, "blackhole" accepts and never answers.

import net from "node:net";

export type ProxyMode = "forward" | "refuse" | "blackhole";

export interface TcpProxy {
  port: number;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = "forward";
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => {});
    if (mode === "refuse") return void client.destroy();
    if (mode === "blackhole") return void client.on("data", () => {});
    const upstream = net.connect(target.port, target.host);
    open.add(upstream);
    upstream.on("close", () => {
      open.delete(upstream);
      client.destroy();
    });
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    setMode(next) {
      mode = next;
      if (next === "refuse") for (const socket of open) socket.destroy();
      if (next === "blackhole") {
        // Connections already open go silent too: nothing reaches the database or comes back.
        for (const socket of open) {
          socket.unpipe();
          socket.removeAllListeners("data");
          socket.on("data", () => {});
        }
      }
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
