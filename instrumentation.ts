// Runs once when a Warden server starts: configuration that must be refused loudly at
// startup (not only on the first request that needs it) is checked here.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Each request carries its socket peer, so X-Forwarded-For is honoured only from trusted proxies.
  const { installPeerStamp, checkTrustedProxiesConfig } = await import("@/lib/http/client-ip");
  installPeerStamp();
  try {
    checkTrustedProxiesConfig();
  } catch (e) {
    console.error(`[warden] ${(e as Error).message}; X-Forwarded-For will not be trusted`);
  }
  const { trustedProxyConfig } = await import("@/lib/auth/methods/trusted-proxy");
  // Logs a clear error and stays OFF when enabled with a secret shorter than 32 bytes.
  trustedProxyConfig();
  // Reports left "running" by a stopped server are marked failed, so the history tells the truth.
  const { failInterruptedReports } = await import("@/lib/reports/service");
  failInterruptedReports().catch((e) => console.error("[warden] report recovery failed", e));
  // Compliance monitoring: evaluate rules and deliver notifications on a timer (WARDEN_MONITOR=off disables).
  if (process.env.WARDEN_MONITOR !== "off") {
    const { startMonitor } = await import("@/lib/monitoring/monitor");
    startMonitor();
  }
}
