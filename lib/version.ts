// Build version reported by /api/health.
export const WARDEN_VERSION = process.env.WARDEN_VERSION ?? "0.1.0";
