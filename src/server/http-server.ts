import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Registry } from "prom-client";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpServerOptions {
  /** Each dependency's reachability, for /readyz. */
  readiness: () => Promise<Record<string, boolean>>;
  registry: Registry;
  logger: Logger;
}

export interface HttpServer {
  /** Mounts a handler (e.g. the Slack receiver on POST /slack/events). */
  route(method: string, path: string, handler: RouteHandler): void;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(`${JSON.stringify(body)}\n`);
}

/** GET /healthz (process alive), GET /readyz (database and queue reachable), GET /metrics (Prometheus). */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const routes = new Map<string, RouteHandler>();
  routes.set("GET /healthz", (_req, res) => json(res, 200, { status: "ok" }));
  routes.set("GET /readyz", async (_req, res) => {
    const checks = await options.readiness().catch(() => ({ readiness: false }));
    const ready = Object.values(checks).every(Boolean);
    json(res, ready ? 200 : 503, { status: ready ? "ready" : "not ready", checks });
  });
  routes.set("GET /metrics", async (_req, res) => {
    res.writeHead(200, { "content-type": options.registry.contentType });
    res.end(await options.registry.metrics());
  });
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const handler = routes.get(`${req.method} ${path}`);
    if (!handler) {
      json(res, 404, { error: `no route for ${req.method} ${path}` });
      return;
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      options.logger.error({ err: error, path }, "http: handler failed");
      if (!res.headersSent) json(res, 500, { error: "internal error" });
      else res.end();
    });
  });
  return {
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
