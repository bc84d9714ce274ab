// Runs once when a Warden server starts: configuration that must be refused loudly at
// startup (not only on the first request that needs it) is checked here.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { log } = await import("@/lib/observability/log");
  // Each request carries its socket peer, so X-Forwarded-For is honoured only from trusted proxies.
  const { installPeerStamp, checkTrustedProxiesConfig } = await import("@/lib/http/client-ip");
  installPeerStamp();
  try {
    checkTrustedProxiesConfig();
  } catch (e) {
    log.error({ err: e }, "X-Forwarded-For will not be trusted");
  }
  const { trustedProxyConfig } = await import("@/lib/auth/methods/trusted-proxy");
  // Logs a clear error and stays OFF when enabled with a secret shorter than 32 bytes.
  trustedProxyConfig();
  // Background work is jobs on the database (lib/jobs, ADR 0029): this process works them unless
  // WARDEN_WORKER=off (then it only enqueues, and `npm run worker` processes do the work).
  const { getJobs } = await import("@/lib/jobs");
  if (process.env.WARDEN_WORKER === "off") {
    getJobs().catch((e) => log.error({ err: e }, "jobs unavailable"));
  } else {
    const { startWorker } = await import("@/lib/jobs/worker");
    startWorker().catch((e) => log.error({ err: e }, "job worker failed to start"));
  }
}
