// The gateway as a plain node:http handler, `(req, res)`, used by scripts/gateway.ts.
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { toErrorBody, WardenError } from "@/lib/errors";
import { GATEWAY_BODY_LIMIT } from "@/lib/http/body";
import { clientIp, stampPeer } from "@/lib/http/client-ip";
import { serveChatCompletion, type GatewayDeps, type Sink } from "./core";


function toHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) h.append(raw[i], raw[i + 1]);
  return h;
}

function plainError(res: ServerResponse, e: unknown, id: string) {
  const { status, body } = toErrorBody(e, id);
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export function createGatewayHandler(deps: GatewayDeps = {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health" || path === "/api/health") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    if (path !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"type":"not_found","message":"Not found","request_id":""}}');
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405, { "content-type": "application/json", allow: "POST" }).end('{"error":{"type":"method_not_allowed","message":"Use POST","request_id":""}}');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > GATEWAY_BODY_LIMIT) {
        plainError(res, new WardenError("payload_too_large", `The body is larger than ${GATEWAY_BODY_LIMIT} bytes`), "");
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      const sink: Sink = {
        head: (status, headers) => void res.writeHead(status, headers),
        write: (c) => void res.write(c),
        end: (c) => void (c === undefined ? res.end() : res.end(c)),
        onClose: (cb) => void res.on("close", () => !res.writableFinished && cb()),
      };
      // The socket peer, so throttles and audit IPs follow the same XFF rule as the console.
      const headers = stampPeer(toHeaders(req), req.socket.remoteAddress);
      serveChatCompletion({ headers, body: Buffer.concat(chunks), ip: clientIp(headers) }, sink, deps).catch((e) => {
        console.error("[warden-gateway] unhandled", e);
        if (!res.headersSent) plainError(res, e, "");
        else res.destroy();
      });
    });
  };
}
