// npm run gateway - the lean node:http gateway (POST /v1/chat/completions) on GATEWAY_PORT
// (default 8080). Same library code as the console; a separate process because a Next.js
// route handler costs ~1 ms of CPU per request.
// Needs DATABASE_URL (PostgreSQL) to run beside the console; with PGlite only one process may
// own the data directory, so the demo runs the gateway inside its own process instead.
// GET /metrics (Prometheus) answers on the same port behind WARDEN_METRICS_TOKEN, or, when
// WARDEN_METRICS_ADDR (host:port) is set, only on that separate listener (ADR 0028).
import http from "node:http";
import { getDb } from "@/lib/db";
import { settled } from "@/lib/gateway/core";
import { createGatewayHandler, serveMetrics } from "@/lib/gateway/node-handler";
import { log, scrub, setServiceName } from "@/lib/observability/log";

/** "host:port", ":port" or "port" -> listen arguments (host defaults to 127.0.0.1). */
function parseListenAddr(addr: string): { host: string; port: number } {
  const m = /^(?:\[?([^\]]*?)\]?:)?(\d{1,5})$/.exec(addr.trim());
  if (!m || Number(m[2]) > 65535)
    throw new Error(`WARDEN_METRICS_ADDR must be host:port (got ${JSON.stringify(addr)})`);
  return { host: m[1] || "127.0.0.1", port: Number(m[2]) };
}

async function main() {
  setServiceName("warden-gateway");
  await getDb(); // fail fast (and refuse an unsafe role) before taking traffic
  const port = Number(process.env.GATEWAY_PORT || 8080);
  const host = process.env.GATEWAY_HOST || "127.0.0.1";
  const metricsAddr = process.env.WARDEN_METRICS_ADDR ? parseListenAddr(process.env.WARDEN_METRICS_ADDR) : null;
  const server = http.createServer({ keepAliveTimeout: 65_000 }, createGatewayHandler({}, { metrics: !metricsAddr }));
  server.listen(port, host, () => log.info({ url: `http://${host}:${port}/v1/chat/completions` }, "gateway listening"));
  let metricsServer: http.Server | null = null;
  if (metricsAddr) {
    metricsServer = http.createServer((req, res) => {
      if ((req.url ?? "/").split("?")[0] === "/metrics") return serveMetrics(req, res);
      res.writeHead(404).end();
    });
    metricsServer.listen(metricsAddr.port, metricsAddr.host, () =>
      log.info({ url: `http://${metricsAddr.host}:${metricsAddr.port}/metrics` }, "metrics listening"),
    );
  }
  const stop = () => {
    server.close();
    metricsServer?.close();
    // Finish settling answered requests so no reservation is left behind.
    void settled().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  log.fatal({ err: e }, "gateway could not start");
  // And one plain line on stderr for whoever started it by hand (scrubbed like every log line).
  process.stderr.write(`warden-gateway: ${scrub((e as Error).message)}\n`);
  process.exit(1);
});
