import type { NextConfig } from "next";

const isDev = process.env.NODE_ENV !== "production";

// Next hydrates with inline scripts and the theme script runs before paint, so scripts need
// 'unsafe-inline'; dev additionally needs eval and a websocket for fast refresh.
// form-action is deliberately absent: SSO sign-in forms redirect to per-tenant IdP origins
// (Okta, Entra, any OIDC/SAML) that are not known at build time, and browsers apply
// form-action to those redirects.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  },
  // Ignored by browsers over plain HTTP, so local demos are unaffected; TLS deployments get it.
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Database drivers load native/wasm assets at runtime; bundling them breaks that.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pg",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pdfkit",
    "prom-client",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
