// Runs the documented load-balancer configuration (docs/deploy/nginx.conf) for real, with Debian's
// nginx, in front of the instances given, on a free port.

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const NGINX = process.env.NGINX_PATH ?? "/usr/sbin/nginx";

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * nginx with docs/deploy/nginx.conf in front of two instances. `extra` is added to its `server` block
 * (a test may ask nginx to name the instance that answered, with `add_header`).
 */
export async function startNginx(ports: [number, number], extra = ""): Promise<RunningNginx> {
  if (!existsSync(NGINX)) {
    throw new Error(`This test runs the documented nginx configuration and needs nginx at ${NGINX}: sudo apt-get install -y nginx (or set NGINX_PATH).`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "sleep-nginx-"));
  const port = await freePort();
  const site = readFileSync(path.resolve(__dirname, "../../docs/deploy/nginx.conf"), "utf8")
    .replace("server 127.0.0.1:3001;", `server 127.0.0.1:${ports[0]};`)
    .replace("server 127.0.0.1:3002;", `server 127.0.0.1:${ports[1]};`)
    .replace("listen 8080;", `listen 127.0.0.1:${port};\n    ${extra}`);
  if (!site.includes(`:${ports[0]};`) || !site.includes(`:${ports[1]};`)) throw new Error("docs/deploy/nginx.conf no longer names its upstream servers as this test expects");
  writeFileSync(path.join(dir, "site.conf"), site);
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `user root; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
     events {}
     http {
       access_log off;
       client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
       uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
       include ${dir}/site.conf;
     }`,
  );
  const nginx: ChildProcess = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => nginx.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${url}/api/health`).catch(() => null))?.ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      // Fast shutdown: a graceful one (SIGQUIT) waits for open WebSockets, which a browser may still hold.
      if (nginx.exitCode === null) nginx.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
