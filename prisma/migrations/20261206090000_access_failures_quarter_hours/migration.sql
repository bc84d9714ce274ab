-- Failure bursts (5 failed access events within 15 minutes, lib/reports/sources/audit.ts) are found
-- from failed access events counted per person and QUARTER HOUR instead of per hour (ADR 0025
-- addendum). A burst lies in two consecutive quarters, one of which holds at least 3 of its
-- failures, and a quarter holding 5 is a burst: at 10M entries the 30-day access report had 6,717
-- person-hours to look at and their rows to read, against 1,787 person-quarters (188 of them
-- bursts outright) and half-hour reads.
--
--   audit_access_failures_15m  tenant x 15-minute bucket (UTC, from 2000-01-01) x actor_ref: failed access events

ALTER TABLE "audit_access_failures_hourly" RENAME TO "audit_access_failures_15m";
ALTER TABLE "audit_access_failures_15m" RENAME COLUMN "hour" TO "bucket";
ALTER TABLE "audit_access_failures_15m" RENAME CONSTRAINT "audit_access_failures_hourly_pkey" TO "audit_access_failures_15m_pkey";
DROP INDEX "audit_access_failures_hourly_hot_idx";

-- The trigger keeps the new buckets from the next statement on (same function, same owner).
CREATE OR REPLACE FUNCTION warden_rollups.audit_rollup_apply() RETURNS trigger
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
      INSERT INTO audit_access_failures_15m AS r (tenant_id, bucket, actor_ref, n)
      SELECT $1, date_bin('15 minutes', d.ts, TIMESTAMPTZ '2000-01-01 00:00:00+00'), d.actor_ref, sum(d.w)
        FROM %s d WHERE d.tenant_id = $1 AND d.category = 'access' AND d.outcome <> 'success'
       GROUP BY 2, 3 HAVING sum(d.w) <> 0 ORDER BY 2, 3
      ON CONFLICT (tenant_id, bucket, actor_ref) DO UPDATE SET n = r.n + excluded.n$q$, d) USING t;

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
      EXECUTE format('DELETE FROM audit_access_failures_15m r WHERE r.tenant_id = $1 AND r.n = 0 AND r.bucket IN (SELECT DISTINCT date_bin(''15 minutes'', x.ts, TIMESTAMPTZ ''2000-01-01 00:00:00+00'') FROM %s x WHERE x.tenant_id = $1)', d) USING t;
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

-- Recount from the rows. RLS is forced on the table for its owner too, so the recount runs with it
-- lifted for this transaction only.
ALTER TABLE "audit_access_failures_15m" NO FORCE ROW LEVEL SECURITY;
DELETE FROM "audit_access_failures_15m";
INSERT INTO "audit_access_failures_15m" (tenant_id, bucket, actor_ref, n)
SELECT tenant_id, date_bin('15 minutes', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00'), actor_ref, count(*)
  FROM audit_entries WHERE category = 'access' AND outcome <> 'success' GROUP BY 1, 2, 3;
ALTER TABLE "audit_access_failures_15m" FORCE ROW LEVEL SECURITY;

-- The person-quarters holding 3 or more failures: the anchors the report starts from.
CREATE INDEX "audit_access_failures_15m_hot_idx" ON "audit_access_failures_15m" ("tenant_id", "bucket") INCLUDE ("actor_ref", "n") WHERE "n" >= 3;
