// The fixture upstream as its own process for benchmarks: `tsx scripts/bench-upstream.ts <port>`.
import http from "node:http";
import { upstreamHandler } from "../tests/fixtures/upstream";

const port = Number(process.argv[2] || 3401);
http
  .createServer({ keepAliveTimeout: 65_000 }, upstreamHandler({ promptTokens: 12, completionTokens: 8 }))
  .listen(port, "127.0.0.1", () => console.log(`upstream ready ${port}`));
