-- Warden: hourly rollups of the audit trail and of usage records, kept exact by statement-level
-- triggers (ADR 0025). Every INSERT, UPDATE or DELETE statement on audit_entries / usage_records,
-- whoever runs it (the app's append, settlement, retention's definer function, an erasure, a bulk
-- INSERT ... SELECT by the owner), folds its transition tables into the rollups with one GROUP BY
-- upsert per rollup, in the same transaction. The dashboard, trends, report summaries, usage
-- totals and monitoring metrics read these instead of the raw rows.
--
--   audit_rollup_hourly           tenant x hour x action x category x outcome x actor_kind: entries
--   audit_access_failures_hourly  tenant x hour x actor_ref: failed access events (failure bursts)
--   audit_login_networks          tenant x actor_ref x net: the first successful sign-in of a person
--                                 from an IPv4 /16 (net = 'a.b'), and overall (net = '*')
--   usage_rollup_hourly           tenant x hour x key x user x team x customer x provider x model x status
--   usage_model_rollup_hourly     tenant x hour x provider x model x status (unfiltered totals)
--
-- The trigger functions are SECURITY DEFINER, owned by the NOLOGIN role warden_rollup, which may
-- write the rollups and read the few audit columns the sign-in recompute needs; nobody is a member
-- of it. RLS stays forced on the rollups for everyone: the functions work tenant by tenant, with
-- app.tenant_id set to the tenant of the rows they fold (the same tenant inside a tenant
-- transaction; a bulk load by the owner may carry several).

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warden_rollup') THEN
    CREATE ROLE warden_rollup NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT pg_has_role(CURRENT_USER, 'warden_rollup', 'MEMBER') THEN EXECUTE format('GRANT warden_rollup TO %I', CURRENT_USER); END IF;
EXCEPTION WHEN unique_violation THEN NULL;
END $$;
GRANT USAGE ON SCHEMA public TO warden_rollup;
-- The trigger functions live in their own schema, apart from warden_system's pre-tenant lookups.
CREATE SCHEMA warden_rollups;
REVOKE ALL ON SCHEMA warden_rollups FROM PUBLIC;
GRANT USAGE ON SCHEMA warden_rollups TO warden_rollup;

CREATE TABLE "audit_rollup_hourly" (
    "tenant_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "action" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "n" BIGINT NOT NULL,
    CONSTRAINT "audit_rollup_hourly_pkey" PRIMARY KEY ("tenant_id", "hour", "action", "category", "outcome", "actor_kind")
);

CREATE TABLE "audit_access_failures_hourly" (
    "tenant_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "actor_ref" TEXT NOT NULL,
    "n" BIGINT NOT NULL,
    CONSTRAINT "audit_access_failures_hourly_pkey" PRIMARY KEY ("tenant_id", "hour", "actor_ref")
);

CREATE TABLE "audit_login_networks" (
    "tenant_id" TEXT NOT NULL,
    "actor_ref" TEXT NOT NULL,
    "net" TEXT NOT NULL,
    "first_seq" BIGINT NOT NULL,
    "first_ts" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "audit_login_networks_pkey" PRIMARY KEY ("tenant_id", "actor_ref", "net")
);
CREATE INDEX "audit_login_networks_tenant_id_first_ts_idx" ON "audit_login_networks"("tenant_id", "first_ts");

CREATE TABLE "usage_rollup_hourly" (
    "tenant_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "virtual_key_id" TEXT,
    "user_id" TEXT,
    "team_id" TEXT,
    "customer_id" TEXT,
    "provider" TEXT,
    "model" TEXT,
    "status" TEXT NOT NULL,
    "requests" BIGINT NOT NULL,
    "prompt_tokens" BIGINT NOT NULL,
    "completion_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(30,10) NOT NULL
);
CREATE UNIQUE INDEX "usage_rollup_hourly_key" ON "usage_rollup_hourly"("tenant_id", "hour", "virtual_key_id", "user_id", "team_id", "customer_id", "provider", "model", "status") NULLS NOT DISTINCT;

CREATE TABLE "usage_model_rollup_hourly" (
    "tenant_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "provider" TEXT,
    "model" TEXT,
    "status" TEXT NOT NULL,
    "requests" BIGINT NOT NULL,
    "prompt_tokens" BIGINT NOT NULL,
    "completion_tokens" BIGINT NOT NULL,
    "cost_usd" DECIMAL(30,10) NOT NULL
);
CREATE UNIQUE INDEX "usage_model_rollup_hourly_key" ON "usage_model_rollup_hourly"("tenant_id", "hour", "provider", "model", "status") NULLS NOT DISTINCT;

-- Raw reads the rollups leave: the sign-in recompute (first sign-in of a person by seq), the
-- failure-burst check of a few people (failed access events by person and time).
CREATE INDEX "audit_entries_login_success_idx" ON "audit_entries"("tenant_id", "actor_ref", "seq") WHERE action = 'auth.login' AND outcome = 'success';
CREATE INDEX "audit_entries_access_failed_idx" ON "audit_entries"("tenant_id", "actor_ref", "ts") WHERE category = 'access' AND outcome <> 'success';

-- The /16 of an IPv4 address as the access report compares it (lib/reports/sources.ts).
CREATE FUNCTION warden_rollups.login_net(p_ip text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT CASE WHEN p_ip LIKE '%.%.%.%' THEN split_part(p_ip, '.', 1) || '.' || split_part(p_ip, '.', 2) END
$$;

-- The rows one statement changed, weighted: +1 for new rows, -1 for old rows (an UPDATE passes
-- both, so keys it did not change net to zero and are left alone). Transition tables exist only
-- for their own event, so the statements below are built for TG_OP and run with EXECUTE.
CREATE FUNCTION warden_rollups.rollup_rows(p_op text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $$
  SELECT CASE p_op
    WHEN 'INSERT' THEN '(SELECT n.*, 1 AS w FROM new_rows n)'
    WHEN 'DELETE' THEN '(SELECT o.*, -1 AS w FROM old_rows o)'
    ELSE '(SELECT n.*, 1 AS w FROM new_rows n UNION ALL SELECT o.*, -1 AS w FROM old_rows o)' END
$$;

-- Folds one statement's audit rows into the audit rollups, tenant by tenant.
CREATE FUNCTION warden_rollups.audit_rollup_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  t text;
  d text := warden_rollups.rollup_rows(TG_OP);
  prev text := current_setting('app.tenant_id', true);
  logins text;
BEGIN
  FOR t IN EXECUTE format('SELECT DISTINCT tenant_id FROM %s x', d) LOOP
    IF prev IS DISTINCT FROM t THEN PERFORM set_config('app.tenant_id', t, true); END IF;

    EXECUTE format($q$
      INSERT INTO audit_rollup_hourly AS r (tenant_id, hour, action, category, outcome, actor_kind, n)
      SELECT $1, date_trunc('hour', d.ts, 'UTC'), d.action, d.category, d.outcome, d.actor_kind, sum(d.w)
        FROM %s d WHERE d.tenant_id = $1
       GROUP BY 2, 3, 4, 5, 6 HAVING sum(d.w) <> 0 ORDER BY 2, 3, 4, 5, 6
      ON CONFLICT (tenant_id, hour, action, category, outcome, actor_kind) DO UPDATE SET n = r.n + excluded.n$q$, d) USING t;

    EXECUTE format($q$
      INSERT INTO audit_access_failures_hourly AS r (tenant_id, hour, actor_ref, n)
      SELECT $1, date_trunc('hour', d.ts, 'UTC'), d.actor_ref, sum(d.w)
        FROM %s d WHERE d.tenant_id = $1 AND d.category = 'access' AND d.outcome <> 'success'
       GROUP BY 2, 3 HAVING sum(d.w) <> 0 ORDER BY 2, 3
      ON CONFLICT (tenant_id, hour, actor_ref) DO UPDATE SET n = r.n + excluded.n$q$, d) USING t;

    -- The (person, network) keys this statement's sign-ins touch; '*' = any network.
    logins := format($q$(SELECT DISTINCT k.actor_ref, k.net FROM (
        SELECT actor_ref, '*' AS net, seq, ts, w FROM %1$s x WHERE x.tenant_id = $1 AND x.action = 'auth.login' AND x.outcome = 'success'
        UNION ALL
        SELECT actor_ref, warden_rollups.login_net(ip), seq, ts, w FROM %1$s x
         WHERE x.tenant_id = $1 AND x.action = 'auth.login' AND x.outcome = 'success' AND x.ip LIKE '%%.%%.%%.%%') k)$q$, d);

    IF TG_OP = 'INSERT' THEN
      -- Added rows can only move a first sign-in earlier: keep the smaller seq.
      EXECUTE format($q$
        INSERT INTO audit_login_networks AS l (tenant_id, actor_ref, net, first_seq, first_ts)
        SELECT DISTINCT ON (k.actor_ref, k.net) $1, k.actor_ref, k.net, k.seq, k.ts
          FROM (SELECT actor_ref, '*' AS net, seq, ts FROM new_rows WHERE tenant_id = $1 AND action = 'auth.login' AND outcome = 'success'
                UNION ALL
                SELECT actor_ref, warden_rollups.login_net(ip), seq, ts FROM new_rows
                 WHERE tenant_id = $1 AND action = 'auth.login' AND outcome = 'success' AND ip LIKE '%%.%%.%%.%%') k
         ORDER BY k.actor_ref, k.net, k.seq
        ON CONFLICT (tenant_id, actor_ref, net) DO UPDATE SET first_seq = excluded.first_seq, first_ts = excluded.first_ts
         WHERE excluded.first_seq < l.first_seq$q$) USING t;
    ELSE
      EXECUTE format('DELETE FROM audit_rollup_hourly r WHERE r.tenant_id = $1 AND r.n = 0 AND r.hour IN (SELECT DISTINCT date_trunc(''hour'', x.ts, ''UTC'') FROM %s x WHERE x.tenant_id = $1)', d) USING t;
      EXECUTE format('DELETE FROM audit_access_failures_hourly r WHERE r.tenant_id = $1 AND r.n = 0 AND r.hour IN (SELECT DISTINCT date_trunc(''hour'', x.ts, ''UTC'') FROM %s x WHERE x.tenant_id = $1)', d) USING t;
      -- A removed or changed sign-in (retention, an erased address): recompute the keys it touched
      -- from the remaining rows (audit_entries_login_success_idx).
      EXECUTE format($q$
        INSERT INTO audit_login_networks AS l (tenant_id, actor_ref, net, first_seq, first_ts)
        SELECT $1, k.actor_ref, k.net, f.seq, f.ts FROM %s k
          CROSS JOIN LATERAL (SELECT e.seq, e.ts FROM audit_entries e
                               WHERE e.tenant_id = $1 AND e.actor_ref = k.actor_ref AND e.action = 'auth.login' AND e.outcome = 'success'
                                 AND (k.net = '*' OR warden_rollups.login_net(e.ip) = k.net)
                               ORDER BY e.seq LIMIT 1) f
         ORDER BY 2, 3
        ON CONFLICT (tenant_id, actor_ref, net) DO UPDATE SET first_seq = excluded.first_seq, first_ts = excluded.first_ts$q$, logins) USING t;
      EXECUTE format($q$
        DELETE FROM audit_login_networks l USING %s k
         WHERE l.tenant_id = $1 AND l.actor_ref = k.actor_ref AND l.net = k.net
           AND NOT EXISTS (SELECT 1 FROM audit_entries e
                            WHERE e.tenant_id = $1 AND e.actor_ref = k.actor_ref AND e.action = 'auth.login' AND e.outcome = 'success'
                              AND (k.net = '*' OR warden_rollups.login_net(e.ip) = k.net))$q$, logins) USING t;
    END IF;
  END LOOP;
  IF prev IS DISTINCT FROM current_setting('app.tenant_id', true) THEN PERFORM set_config('app.tenant_id', coalesce(prev, ''), true); END IF;
  RETURN NULL;
END $$;

-- Folds one statement's usage rows into both usage rollups, tenant by tenant.
CREATE FUNCTION warden_rollups.usage_rollup_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  t text;
  d text := warden_rollups.rollup_rows(TG_OP);
  prev text := current_setting('app.tenant_id', true);
BEGIN
  FOR t IN EXECUTE format('SELECT DISTINCT tenant_id FROM %s x', d) LOOP
    IF prev IS DISTINCT FROM t THEN PERFORM set_config('app.tenant_id', t, true); END IF;

    EXECUTE format($q$
      INSERT INTO usage_rollup_hourly AS r (tenant_id, hour, virtual_key_id, user_id, team_id, customer_id, provider, model, status, requests, prompt_tokens, completion_tokens, cost_usd)
      SELECT $1, date_trunc('hour', d.ts, 'UTC'), d.virtual_key_id, d.user_id, d.team_id, d.customer_id, d.provider, d.model, d.status,
             sum(d.w), sum(d.w * d.prompt_tokens::bigint), sum(d.w * d.completion_tokens::bigint), sum(d.w * d.cost_usd)
        FROM %s d WHERE d.tenant_id = $1
       GROUP BY 2, 3, 4, 5, 6, 7, 8, 9
      HAVING sum(d.w) <> 0 OR sum(d.w * d.prompt_tokens::bigint) <> 0 OR sum(d.w * d.completion_tokens::bigint) <> 0 OR sum(d.w * d.cost_usd) <> 0
       ORDER BY 2, 3, 4, 5, 6, 7, 8, 9
      ON CONFLICT (tenant_id, hour, virtual_key_id, user_id, team_id, customer_id, provider, model, status) DO UPDATE
         SET requests = r.requests + excluded.requests, prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
             completion_tokens = r.completion_tokens + excluded.completion_tokens, cost_usd = r.cost_usd + excluded.cost_usd$q$, d) USING t;

    EXECUTE format($q$
      INSERT INTO usage_model_rollup_hourly AS r (tenant_id, hour, provider, model, status, requests, prompt_tokens, completion_tokens, cost_usd)
      SELECT $1, date_trunc('hour', d.ts, 'UTC'), d.provider, d.model, d.status,
             sum(d.w), sum(d.w * d.prompt_tokens::bigint), sum(d.w * d.completion_tokens::bigint), sum(d.w * d.cost_usd)
        FROM %s d WHERE d.tenant_id = $1
       GROUP BY 2, 3, 4, 5
      HAVING sum(d.w) <> 0 OR sum(d.w * d.prompt_tokens::bigint) <> 0 OR sum(d.w * d.completion_tokens::bigint) <> 0 OR sum(d.w * d.cost_usd) <> 0
       ORDER BY 2, 3, 4, 5
      ON CONFLICT (tenant_id, hour, provider, model, status) DO UPDATE
         SET requests = r.requests + excluded.requests, prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
             completion_tokens = r.completion_tokens + excluded.completion_tokens, cost_usd = r.cost_usd + excluded.cost_usd$q$, d) USING t;

    IF TG_OP <> 'INSERT' THEN
      EXECUTE format('DELETE FROM usage_rollup_hourly r WHERE r.tenant_id = $1 AND r.requests = 0 AND r.hour IN (SELECT DISTINCT date_trunc(''hour'', x.ts, ''UTC'') FROM %s x WHERE x.tenant_id = $1)', d) USING t;
      EXECUTE format('DELETE FROM usage_model_rollup_hourly r WHERE r.tenant_id = $1 AND r.requests = 0 AND r.hour IN (SELECT DISTINCT date_trunc(''hour'', x.ts, ''UTC'') FROM %s x WHERE x.tenant_id = $1)', d) USING t;
    END IF;
  END LOOP;
  IF prev IS DISTINCT FROM current_setting('app.tenant_id', true) THEN PERFORM set_config('app.tenant_id', coalesce(prev, ''), true); END IF;
  RETURN NULL;
END $$;

-- Backfill, before RLS is forced on the new tables (the migrating owner is bound by forced RLS).
INSERT INTO audit_rollup_hourly (tenant_id, hour, action, category, outcome, actor_kind, n)
SELECT tenant_id, date_trunc('hour', ts, 'UTC'), action, category, outcome, actor_kind, count(*)
  FROM audit_entries GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO audit_access_failures_hourly (tenant_id, hour, actor_ref, n)
SELECT tenant_id, date_trunc('hour', ts, 'UTC'), actor_ref, count(*)
  FROM audit_entries WHERE category = 'access' AND outcome <> 'success' GROUP BY 1, 2, 3;
INSERT INTO audit_login_networks (tenant_id, actor_ref, net, first_seq, first_ts)
SELECT DISTINCT ON (k.tenant_id, k.actor_ref, k.net) k.tenant_id, k.actor_ref, k.net, k.seq, k.ts
  FROM (SELECT tenant_id, actor_ref, '*' AS net, seq, ts FROM audit_entries WHERE action = 'auth.login' AND outcome = 'success'
        UNION ALL
        SELECT tenant_id, actor_ref, warden_rollups.login_net(ip), seq, ts FROM audit_entries
         WHERE action = 'auth.login' AND outcome = 'success' AND ip LIKE '%.%.%.%') k
 ORDER BY k.tenant_id, k.actor_ref, k.net, k.seq;
INSERT INTO usage_rollup_hourly (tenant_id, hour, virtual_key_id, user_id, team_id, customer_id, provider, model, status, requests, prompt_tokens, completion_tokens, cost_usd)
SELECT tenant_id, date_trunc('hour', ts, 'UTC'), virtual_key_id, user_id, team_id, customer_id, provider, model, status, count(*), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
  FROM usage_records GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
INSERT INTO usage_model_rollup_hourly (tenant_id, hour, provider, model, status, requests, prompt_tokens, completion_tokens, cost_usd)
SELECT tenant_id, date_trunc('hour', ts, 'UTC'), provider, model, status, count(*), sum(prompt_tokens), sum(completion_tokens), sum(cost_usd)
  FROM usage_records GROUP BY 1, 2, 3, 4, 5;

-- Transition tables require one event per trigger.
CREATE TRIGGER audit_rollup_insert AFTER INSERT ON "audit_entries" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups.audit_rollup_apply();
CREATE TRIGGER audit_rollup_update AFTER UPDATE ON "audit_entries" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups.audit_rollup_apply();
CREATE TRIGGER audit_rollup_delete AFTER DELETE ON "audit_entries" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups.audit_rollup_apply();
CREATE TRIGGER usage_rollup_insert AFTER INSERT ON "usage_records" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups.usage_rollup_apply();
CREATE TRIGGER usage_rollup_update AFTER UPDATE ON "usage_records" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups.usage_rollup_apply();
CREATE TRIGGER usage_rollup_delete AFTER DELETE ON "usage_records" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION warden_rollups.usage_rollup_apply();

-- Privileges: the app reads the rollups; only the trigger functions' owner writes them.
GRANT SELECT ON TABLE "audit_rollup_hourly", "audit_access_failures_hourly", "audit_login_networks", "usage_rollup_hourly", "usage_model_rollup_hourly" TO warden_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "audit_rollup_hourly", "audit_access_failures_hourly", "audit_login_networks", "usage_rollup_hourly", "usage_model_rollup_hourly" TO warden_rollup;
GRANT SELECT (tenant_id, seq, ts, actor_ref, action, outcome, ip) ON TABLE "audit_entries" TO warden_rollup;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['audit_rollup_hourly', 'audit_access_failures_hourly', 'audit_login_networks', 'usage_rollup_hourly', 'usage_model_rollup_hourly'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''app.tenant_id'', true)) WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
  END LOOP;
END $$;

GRANT CREATE ON SCHEMA warden_rollups TO warden_rollup;
REVOKE ALL ON FUNCTION warden_rollups.audit_rollup_apply(), warden_rollups.usage_rollup_apply(), warden_rollups.login_net(text), warden_rollups.rollup_rows(text) FROM PUBLIC;
ALTER FUNCTION warden_rollups.audit_rollup_apply() OWNER TO warden_rollup;
ALTER FUNCTION warden_rollups.usage_rollup_apply() OWNER TO warden_rollup;
ALTER FUNCTION warden_rollups.login_net(text) OWNER TO warden_rollup;
ALTER FUNCTION warden_rollups.rollup_rows(text) OWNER TO warden_rollup;
REVOKE CREATE ON SCHEMA warden_rollups FROM warden_rollup;
