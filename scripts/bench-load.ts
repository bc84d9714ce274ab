// Open-loop load generator (its own process): evenly spaced requests on keep-alive connections.
// Latency is measured from each request's scheduled time, so a stall cannot hide queued requests.
// Input: one JSON argument; output: one JSON line with sorted latencies (ms) and the error count.
import http from "node:http";

interface Job {
  url: string;
  headers: Record<string, string>;
  body: string;
  rate: number;
  seconds: number;
}

const job = JSON.parse(process.argv[2]) as Job;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const u = new URL(job.url);
const body = Buffer.from(job.body);
const latencies: number[] = [];
let errors = 0;
let done = 0;
const total = Math.round(job.rate * job.seconds);
const interval = 1000 / job.rate;

function fire(scheduled: number) {
  const req = http.request(
    {
      hostname: u.hostname,
      port: u.port,
      path: u.pathname,
      method: "POST",
      agent,
      headers: { ...job.headers, "content-type": "application/json", "content-length": body.length },
    },
    (res) => {
      res.on("data", () => {});
      res.on("end", () => {
        if (res.statusCode === 200) latencies.push(performance.now() - scheduled);
        else errors++;
        finish();
      });
    },
  );
  req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
  req.on("error", () => {
    errors++;
    finish();
  });
  req.end(body);
}

function finish() {
  if (++done < total) return;
  latencies.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ latencies, errors }) + "\n", () => process.exit(0));
}

const t0 = performance.now() + 5;
let sent = 0;
function tick() {
  const now = performance.now();
  while (sent < total && t0 + sent * interval <= now) fire(t0 + sent++ * interval);
  if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * interval - performance.now() - 0.2));
}
setTimeout(tick, 5);
