// The gateway as a plain node:http handler, `(req, res)`, used by scripts/gateway.ts.
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { toErrorBody, WardenError } from "@/lib/errors";
import { GATEWAY_BODY_LIMIT } from "@/lib/http/body";
import { clientIp, stampPeer } from "@/lib/http/client-ip";
import { observeRequest } from "@/lib/http/pipeline";
import { requestIds } from "@/lib/http/request-context";
import { log } from "@/lib/observability/log";
import { metricsResponse } from "@/lib/observability/metrics";
import { serveChatCompletion, type GatewayDeps, type GatewayInput, type Sink } from "./core";

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

/** GET /metrics (Prometheus text) behind WARDEN_METRICS_TOKEN: 404 when unset, 401 without it. */
export function serveMetrics(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  metricsResponse(req.headers.authorization).then(
    (m) => void res.writeHead(m.status, m.headers).end(req.method === "HEAD" ? undefined : m.body),
    (e) => {
      log.error({ err: e }, "metrics: could not collect");
      res.writeHead(500).end();
    },
  );
}

export interface GatewayHandlerOptions {
  /** Serve GET /metrics on this listener too (default true; scripts/gateway.ts turns it off when WARDEN_METRICS_ADDR names a separate listener). */
  metrics?: boolean;
}

export function createGatewayHandler(deps: GatewayDeps = {}, opts: GatewayHandlerOptions = {}) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health" || path === "/api/health") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    if (path === "/metrics" && opts.metrics !== false) return serveMetrics(req, res);
    if (path !== "/v1/chat/completions") {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end('{"error":{"type":"not_found","message":"Not found","request_id":""}}');
      return;
    }
    if (req.method !== "POST") {
      res
        .writeHead(405, { "content-type": "application/json", allow: "POST" })
        .end('{"error":{"type":"method_not_allowed","message":"Use POST","request_id":""}}');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > GATEWAY_BODY_LIMIT) {
        plainError(
          res,
          new WardenError("payload_too_large", `The body is larger than ${GATEWAY_BODY_LIMIT} bytes`),
          "",
        );
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    const started = performance.now();
    req.on("end", () => {
      const sink: Sink = {
        head: (status, headers) => void res.writeHead(status, headers),
        write: (c) => void res.write(c),
        end: (c) => void (c === undefined ? res.end() : res.end(c)),
        onClose: (cb) => void res.on("close", () => !res.writableFinished && cb()),
      };
      // The socket peer, so throttles and audit IPs follow the same XFF rule as the console.
      const headers = stampPeer(toHeaders(req), req.socket.remoteAddress);
      // The core reads the same ids from the headers (an incoming x-request-id is honoured; a
      // generated one is pinned here so the log line and the answer carry the same id).
      const ids = requestIds(headers);
      headers.set("x-request-id", ids.requestId);
      headers.set("traceparent", ids.traceparent);
      const observed: NonNullable<GatewayInput["observed"]> = {};
      // "close" comes after "finish", and alone when the client went away first: counted as 499
      // (nginx's "client closed request"), so every request read is counted exactly once.
      res.once("close", () =>
        observeRequest({
          route: "/v1/chat/completions",
          method: "POST",
          status: res.writableFinished ? res.statusCode : 499,
          started,
          requestId: ids.requestId,
          traceId: ids.traceId,
          ...observed,
        }),
      );
      serveChatCompletion({ headers, body: Buffer.concat(chunks), ip: clientIp(headers), observed }, sink, deps).catch(
        (e) => {
          log.error({ request_id: ids.requestId, err: e }, "gateway: unhandled error");
          if (!res.headersSent) plainError(res, e, "");
          else res.destroy();
        },
      );
    });
  };
}
