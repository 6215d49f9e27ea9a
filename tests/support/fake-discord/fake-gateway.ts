import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * A gateway that speaks just enough of Discord's protocol (docs: "Gateway"):
 * HELLO (op 10), IDENTIFY (op 2) checked against the token, HEARTBEAT (op 1)
 * answered by HEARTBEAT_ACK (op 11), then READY and GUILD_CREATE, and
 * whatever dispatches a test sends (INTERACTION_CREATE, MESSAGE_CREATE…).
 */
export interface FakeGatewayOptions {
  token: string;
  applicationId: string;
  botUser: { id: string; username: string };
  guilds: () => Array<Record<string, unknown>>;
}

export interface FakeGateway {
  /** Identify payloads received, in order. */
  identifies: Array<Record<string, unknown>>;
  /** Send a dispatch (op 0) to every identified session. */
  dispatch(type: string, data: unknown): void;
  /** How many sessions are identified right now. */
  sessions(): number;
  close(): Promise<void>;
}

export function createFakeGateway(server: Server, options: FakeGatewayOptions): FakeGateway {
  const wss = new WebSocketServer({ server });
  const identified = new Set<WebSocket>();
  const identifies: Array<Record<string, unknown>> = [];
  let sequence = 0;

  const send = (socket: WebSocket, payload: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  };
  const dispatchTo = (socket: WebSocket, type: string, data: unknown) => {
    sequence += 1;
    send(socket, { op: 0, t: type, s: sequence, d: data });
  };

  wss.on("connection", (socket) => {
    send(socket, { op: 10, d: { heartbeat_interval: 45_000 } });
    socket.on("message", (raw) => {
      let payload: { op?: number; d?: Record<string, unknown> };
      try {
        payload = JSON.parse(String(raw));
      } catch {
        socket.close(4002, "Decode error");
        return;
      }
      if (payload.op === 1) {
        send(socket, { op: 11 });
      } else if (payload.op === 2) {
        const d = payload.d ?? {};
        identifies.push(d);
        if (d.token !== options.token && d.token !== `Bot ${options.token}`) {
          socket.close(4004, "Authentication failed.");
          return;
        }
        identified.add(socket);
        const guilds = options.guilds();
        dispatchTo(socket, "READY", {
          v: 10,
          user: {
            ...options.botUser,
            discriminator: "0",
            avatar: null,
            bot: true,
            global_name: null,
          },
          guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
          session_id: "fake-session",
          resume_gateway_url: `ws://127.0.0.1:${addressPort(server)}`,
          shard: [0, 1],
          application: { id: options.applicationId, flags: 0 },
        });
        for (const guild of guilds) dispatchTo(socket, "GUILD_CREATE", guild);
      } else if (payload.op === 6) {
        // RESUME is not supported: ask for a fresh IDENTIFY (op 9, d=false).
        send(socket, { op: 9, d: false });
      }
    });
    socket.on("close", () => identified.delete(socket));
  });

  return {
    identifies,
    dispatch(type, data) {
      for (const socket of identified) dispatchTo(socket, type, data);
    },
    sessions: () => identified.size,
    close() {
      for (const socket of wss.clients) socket.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

function addressPort(server: Server): number {
  const address = server.address();
  return typeof address === "object" && address !== null ? address.port : 0;
}
