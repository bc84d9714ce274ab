// What a tenant id looks like. Validated before it reaches SQL by both tenant-transaction helpers
// (with-tenant.ts, with-tenant-sql.ts), which interpolate nothing else; a module of its own so the
// raw-driver helper loads without the Prisma client (a report file process, ADR 0045).
export const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
