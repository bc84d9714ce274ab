// Least-privilege database roles (ADR 0014). The app runs as warden_runtime: not superuser, no
// BYPASSRLS, owns nothing. From INSIDE a tenant transaction, SQL that an attacker might inject
// cannot leave the tenant by RESET ROLE, SET ROLE to a privileged role, or the pre-tenant lookups
// of lib/tenancy/system (warden_system.*), which work only outside a tenant transaction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTenantIds, apiKeyByHash, scimTokenByHash, tenantBySlug, virtualKeyByHash } from "@/lib/tenancy/system";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, itOn, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let acme: string;
let globex: string;
// Globex's secrets' hashes, as an attacker who somehow learnt them would hold them.
let hashes: { apiKey: string; virtualKey: string; scimToken: string; bearerIssuer: string };

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  acme = (await tenantBySlug("acme", t.db))!.id;
  globex = (await tenantBySlug("globex", t.db))!.id;
  hashes = await withTenant(
    globex,
    async (tx) => ({
      apiKey: (await tx.apiKey.findFirstOrThrow({ where: { revokedAt: null } })).secretHash,
      virtualKey: (await tx.virtualKey.findFirstOrThrow()).secretHash,
      scimToken: (await tx.scimToken.findFirstOrThrow()).tokenHash,
      // Globex's IdP also accepts bearer tokens: its issuer is what a token would name.
      bearerIssuer: (
        await tx.identityProvider.update({
          where: { id: (await tx.identityProvider.findFirstOrThrow({ where: { type: "oidc" } })).id },
          data: { acceptBearerTokens: true, bearerAudience: "warden" },
        })
      ).issuer!,
    }),
    { db: t.db },
  );
});
afterAll(async () => {
  await t?.drop();
});

/** Runs `sql` in an Acme tenant transaction after `prelude`; resolves to the rows or rejects. */
function inAcme<T = Record<string, unknown>>(sql: string, prelude: string[] = []): Promise<T[]> {
  return withTenant(
    acme,
    async (tx: TenantTx) => {
      for (const p of prelude) await tx.$executeRawUnsafe(p);
      return tx.$queryRawUnsafe<T[]>(sql);
    },
    { db: t.db },
  );
}

// Every lookup with arguments that name Globex.
const lookups = () => [
  `SELECT * FROM warden_system.tenant_by_slug('globex')`,
  `SELECT * FROM warden_system.tenant_by_id('${globex}')`,
  `SELECT * FROM warden_system.tenant_by_email_domain('globex.test')`,
  `SELECT * FROM warden_system.tenant_ids()`,
  `SELECT * FROM warden_system.tenants_with_sign_in()`,
  `SELECT * FROM warden_system.api_key_by_hash('${hashes.apiKey}')`,
  `SELECT * FROM warden_system.virtual_key_by_hash('${hashes.virtualKey}')`,
  `SELECT * FROM warden_system.scim_token_by_hash('${hashes.scimToken}')`,
  `SELECT * FROM warden_system.enabled_identity_providers()`,
  `SELECT * FROM warden_system.bearer_identity_providers('${hashes.bearerIssuer}')`,
  `SELECT * FROM warden_system.applied_migrations()`,
];

describe(`least-privilege database roles (${TEST_DB_KIND})`, () => {
  it("the app runs as warden_runtime: not superuser, no BYPASSRLS, owns nothing, cannot act as a role that does", async () => {
    const [me] = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`
      SELECT session_user::text AS login, r.rolsuper AS super, r.rolbypassrls AS bypass,
             (SELECT count(*)::int FROM pg_shdepend d WHERE d.refobjid = r.oid AND d.deptype = 'o') AS owned,
             (SELECT array_agg(m.rolname::text ORDER BY m.rolname) FROM pg_roles m
               WHERE m.oid <> r.oid AND pg_has_role(r.oid, m.oid, 'MEMBER')) AS can_act_as
        FROM pg_roles r WHERE r.rolname = session_user`);
    expect(me).toEqual({ login: "warden_runtime", super: false, bypass: false, owned: 0, can_act_as: ["warden_app"] });
  });

  it("outside a tenant transaction the runtime role reads no tenant row", async () => {
    const [n] = await t.db.prisma.$queryRawUnsafe<{ tenants: number; users: number; keys: number }[]>(
      `SELECT (SELECT count(*)::int FROM tenants) AS tenants, (SELECT count(*)::int FROM users) AS users,
              (SELECT count(*)::int FROM api_keys) AS keys`,
    );
    expect(n).toEqual({ tenants: 0, users: 0, keys: 0 });
  });

  it("inside a tenant transaction, RESET ROLE leaves the runtime role, still bound to the tenant", async () => {
    const [who] = await inAcme<{ login: string; cur: string }>(
      `SELECT session_user::text AS login, current_user::text AS cur`,
      ["RESET ROLE"],
    );
    expect(who).toEqual({ login: "warden_runtime", cur: "warden_runtime" });
    const [n] = await inAcme<{ theirs: number; ours: number; tenants: number }>(
      `SELECT (SELECT count(*)::int FROM users WHERE tenant_id = '${globex}') AS theirs,
              (SELECT count(*)::int FROM users WHERE tenant_id <> '${acme}') + (SELECT count(*)::int FROM users WHERE tenant_id = '${acme}') AS ours,
              (SELECT count(*)::int FROM tenants) AS tenants`,
      ["RESET ROLE"],
    );
    expect(n.theirs).toBe(0);
    expect(n.tenants).toBe(1);
    expect(n.ours).toBeGreaterThan(0);
    // Clearing the tenant as well leaves nothing at all.
    const [none] = await inAcme<{ n: number }>(`SELECT count(*)::int AS n FROM users`, [
      "RESET ROLE",
      "SELECT set_config('app.tenant_id', '', true)",
    ]);
    expect(none.n).toBe(0);
  });

  it("inside a tenant transaction, SET ROLE to the owner or a function-owning role is refused", async () => {
    const [{ owner }] = await t.asOwner((tx) =>
      tx.$queryRawUnsafe<{ owner: string }[]>(
        `SELECT tableowner::text AS owner FROM pg_tables WHERE tablename = 'users'`,
      ),
    );
    for (const role of [owner, "warden_definer", "warden_audit_pruner", "pg_read_all_data"]) {
      await expect(inAcme(`SELECT current_user`, [`SET ROLE ${role}`]), role).rejects.toThrow(
        /permission denied to set role/,
      );
      await expect(inAcme(`SELECT current_user`, ["RESET ROLE", `SET ROLE ${role}`]), role).rejects.toThrow(
        /permission denied to set role/,
      );
    }
  });

  it("outside a tenant transaction each lookup answers the runtime role (the positive control)", async () => {
    expect((await tenantBySlug("globex", t.db))?.id).toBe(globex);
    expect(await allTenantIds(t.db)).toEqual([acme, globex].sort());
    expect(await apiKeyByHash(hashes.apiKey, t.db)).toMatchObject({
      tenantId: globex,
      tenantSlug: "globex",
      secretHash: hashes.apiKey,
    });
    expect(await virtualKeyByHash(hashes.virtualKey, t.db)).toMatchObject({ tenantId: globex, tenantSlug: "globex" });
    expect(await scimTokenByHash(hashes.scimToken, t.db)).toMatchObject({ tenantId: globex, tenantSlug: "globex" });
    for (const sql of lookups()) {
      const rows = await t.db.prisma.$queryRawUnsafe<unknown[]>(sql);
      expect(rows.length, sql).toBeGreaterThan(0);
    }
  });

  it("inside a tenant transaction every lookup is refused: not executable as warden_app, and refused after RESET ROLE", async () => {
    for (const sql of lookups()) {
      await expect(inAcme(sql), sql).rejects.toThrow(/permission denied for function/);
      await expect(inAcme(sql, ["RESET ROLE"]), sql).rejects.toThrow(/is not available inside a tenant transaction/);
    }
  });

  it("audit pruning deletes only inside the tenant's own transaction, behind an anchor", async () => {
    const prune = (tenant: string) => `SELECT warden_system.prune_audit_entries('${tenant}', 1) AS n`;
    await expect(inAcme(prune(globex))).rejects.toThrow(/runs only inside the tenant's own transaction/);
    await expect(inAcme(prune(globex), ["RESET ROLE"])).rejects.toThrow(
      /runs only inside the tenant's own transaction/,
    );
    await expect(t.db.prisma.$queryRawUnsafe(prune(acme))).rejects.toThrow(
      /runs only inside the tenant's own transaction/,
    );
    // In Acme's own transaction, without a retention setting and an anchor, nothing goes.
    await expect(inAcme(prune(acme))).rejects.toThrow(/retention is not configured|no anchor checkpoint/);
    await expect(inAcme(`DELETE FROM audit_entries WHERE seq = 1`)).rejects.toThrow(
      /permission denied for table audit_entries/,
    );
  });

  it("the definer reads only ids, names and hashes, and writes nothing", async () => {
    const asDefiner = (sql: string) =>
      t.asOwner(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL ROLE warden_definer");
        return tx.$queryRawUnsafe<unknown[]>(sql);
      });
    expect((await asDefiner(`SELECT id, secret_hash FROM api_keys`)).length).toBeGreaterThan(1);
    await expect(asDefiner(`SELECT client_secret_sealed FROM identity_providers`)).rejects.toThrow(/permission denied/);
    await expect(asDefiner(`SELECT name, prefix FROM api_keys`)).rejects.toThrow(/permission denied/);
    await expect(asDefiner(`SELECT email FROM users`)).rejects.toThrow(/permission denied/);
    await expect(asDefiner(`UPDATE tenants SET name = 'x'`)).rejects.toThrow(/permission denied/);
  });

  it("every warden_system function is SECURITY DEFINER with a pinned search_path, owned by a NOLOGIN role, not executable by PUBLIC", async () => {
    const fns = await t.asOwner((tx) =>
      tx.$queryRawUnsafe<
        {
          name: string;
          definer: boolean;
          config: string[] | null;
          owner: string;
          owner_login: boolean;
          public_exec: boolean;
          app_exec: boolean;
          runtime_exec: boolean;
        }[]
      >(`
        SELECT p.proname::text AS name, p.prosecdef AS definer, p.proconfig AS config, o.rolname::text AS owner, o.rolcanlogin AS owner_login,
               EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0) AS public_exec,
               has_function_privilege('warden_app', p.oid, 'EXECUTE') AS app_exec,
               has_function_privilege('warden_runtime', p.oid, 'EXECUTE') AS runtime_exec
          FROM pg_proc p JOIN pg_roles o ON o.oid = p.proowner
         WHERE p.pronamespace = 'warden_system'::regnamespace ORDER BY 1`),
    );
    expect(fns.map((f) => f.name)).toEqual([
      "api_key_by_hash",
      "applied_migrations",
      "bearer_identity_providers",
      "enabled_identity_providers",
      "prune_audit_entries",
      "scim_token_by_hash",
      "tenant_by_email_domain",
      "tenant_by_id",
      "tenant_by_slug",
      "tenant_ids",
      "tenant_suspended",
      "tenants_with_sign_in",
      "virtual_key_by_hash",
    ]);
    for (const f of fns) {
      expect(f, f.name).toMatchObject({
        definer: true,
        config: ["search_path=pg_catalog, public"],
        owner_login: false,
        public_exec: false,
        runtime_exec: true,
      });
      expect(f.owner, f.name).toBe(f.name === "prune_audit_entries" ? "warden_audit_pruner" : "warden_definer");
      expect(f.app_exec, f.name).toBe(f.name === "prune_audit_entries");
    }
  });

  it("platform rows (ADR 0032): the runtime role reaches them only through warden_platform's definer functions, never inside a tenant transaction", async () => {
    await expect(t.db.prisma.$queryRawUnsafe(`SELECT email FROM warden_platform.operators`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      t.db.prisma.$queryRawUnsafe(`INSERT INTO warden_platform.log (operator_id, action) VALUES ('x', 'y')`),
    ).rejects.toThrow(/permission denied/);
    await expect(
      t.db.prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM warden_platform.tenant_overview()`),
    ).resolves.toEqual([{ n: expect.any(Number) }]);
    await expect(inAcme(`SELECT * FROM warden_platform.tenant_overview()`)).rejects.toThrow(
      /permission denied|not available inside a tenant transaction/,
    );
    await expect(inAcme(`SELECT * FROM warden_platform.tenant_overview()`, ["RESET ROLE"])).rejects.toThrow(
      /not available inside a tenant transaction/,
    );
    const fns = await t.asOwner((tx) =>
      tx.$queryRawUnsafe<
        {
          name: string;
          definer: boolean;
          owner: string;
          owner_login: boolean;
          public_exec: boolean;
          app_exec: boolean;
          runtime_exec: boolean;
        }[]
      >(`
        SELECT p.proname::text AS name, p.prosecdef AS definer, o.rolname::text AS owner, o.rolcanlogin AS owner_login,
               EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0) AS public_exec,
               has_function_privilege('warden_app', p.oid, 'EXECUTE') AS app_exec,
               has_function_privilege('warden_runtime', p.oid, 'EXECUTE') AS runtime_exec
          FROM pg_proc p JOIN pg_roles o ON o.oid = p.proowner
         WHERE p.pronamespace = 'warden_platform'::regnamespace AND p.proname <> 'outside_tenant' ORDER BY 1`),
    );
    expect(fns.map((f) => f.name)).toEqual([
      "active_operator_by_email",
      "append_log",
      "bootstrap_operators",
      "cancel_tenant_deletion",
      "complete_tenant_deletion",
      "due_deletion",
      "erasure_certificate",
      "erasure_certificates_list",
      "grant_operator",
      "log_entries",
      "operator_by_id",
      "operators_list",
      "purge_tenant",
      "revoke_operator",
      "schedule_tenant_deletion",
      "support_grants_for",
      "tenant_deletions_list",
      "tenant_key_info",
      "tenant_overview",
    ]);
    for (const f of fns.filter((x) => !["due_deletion", "purge_tenant"].includes(x.name)))
      expect(f, f.name).toMatchObject({
        definer: true,
        owner: "warden_platform",
        owner_login: false,
        public_exec: false,
        app_exec: false,
        runtime_exec: true,
      });
    // ADR 0035: the purge is the schema owner's (it reaches every tenant table); the runtime may call it, a tenant transaction's role may not.
    expect(fns.find((f) => f.name === "purge_tenant")).toMatchObject({
      definer: true,
      public_exec: false,
      app_exec: false,
      runtime_exec: true,
    });
    expect(fns.find((f) => f.name === "purge_tenant")!.owner).not.toMatch(/^warden_/);
    // The due check is for the purge (the owner) only.
    expect(fns.find((f) => f.name === "due_deletion")).toMatchObject({
      definer: true,
      owner: "warden_platform",
      public_exec: false,
      app_exec: false,
      runtime_exec: false,
    });
    // Tenant keys (ADR 0035): read or created only inside the tenant's own transaction; shredded only by the owner's purge.
    const keyFns = await t.asOwner((tx) =>
      tx.$queryRawUnsafe<
        { name: string; owner: string; app_exec: boolean; runtime_exec: boolean; public_exec: boolean }[]
      >(`
        SELECT p.proname::text AS name, o.rolname::text AS owner, EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0) AS public_exec,
               has_function_privilege('warden_app', p.oid, 'EXECUTE') AS app_exec, has_function_privilege('warden_runtime', p.oid, 'EXECUTE') AS runtime_exec
          FROM pg_proc p JOIN pg_roles o ON o.oid = p.proowner WHERE p.pronamespace = 'warden_keys'::regnamespace ORDER BY 1`),
    );
    expect(keyFns).toEqual([
      { name: "shred_tenant_key", owner: "warden_keyholder", public_exec: false, app_exec: false, runtime_exec: false },
      { name: "tenant_key", owner: "warden_keyholder", public_exec: false, app_exec: true, runtime_exec: true },
    ]);
    await expect(t.db.prisma.$queryRawUnsafe(`SELECT tenant_id FROM warden_keys.tenant_keys`)).rejects.toThrow(
      /permission denied/,
    );
  });

  itOn("postgresql")("PostgreSQL: the runtime login cannot become another user", async () => {
    await expect(inAcme(`SELECT 1`, ["SET SESSION AUTHORIZATION postgres"])).rejects.toThrow(
      /permission denied to set session authorization/,
    );
  });

  itOn("pglite")("PGlite (the limit ADR 0014 states): its one session may switch back to the superuser", async () => {
    const [who] = await inAcme<{ cur: string; theirs: number }>(
      `SELECT current_user::text AS cur, (SELECT count(*)::int FROM users WHERE tenant_id = '${globex}') AS theirs`,
      ["SET LOCAL SESSION AUTHORIZATION postgres"],
    );
    expect(who.cur).toBe("postgres");
    expect(who.theirs).toBeGreaterThan(0);
  });
});
