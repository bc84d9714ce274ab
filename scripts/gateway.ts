// npm run gateway - the lean node:http gateway (POST /v1/chat/completions) on GATEWAY_PORT
// (default 8080). Same library code as the console; a separate process because a Next.js
// route handler costs ~1 ms of CPU per request (DESIGN.md, "Where the gateway runs").
// Needs DATABASE_URL (PostgreSQL) to run beside the console; with PGlite only one process may
// own the data directory, so the demo runs the gateway inside its own process instead.
import http from "node:http";
import { getDb } from "@/lib/db";
import { settled } from "@/lib/gateway/core";
import { createGatewayHandler } from "@/lib/gateway/node-handler";

async function main() {
  await getDb(); // fail fast (and refuse an unsafe role) before taking traffic
  const port = Number(process.env.GATEWAY_PORT || 8080);
  const host = process.env.GATEWAY_HOST || "127.0.0.1";
  const server = http.createServer({ keepAliveTimeout: 65_000 }, createGatewayHandler());
  server.listen(port, host, () => console.log(`Warden gateway: http://${host}:${port}/v1/chat/completions`));
  const stop = () => {
    server.close();
    // Finish settling answered requests so no reservation is left behind.
    void settled().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e) => {
  console.error(`warden-gateway: ${(e as Error).message}`);
  process.exit(1);
});
