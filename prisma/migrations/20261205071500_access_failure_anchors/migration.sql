-- Failure bursts (reports, lib/reports/sources.ts): a burst of 5 failures within 15 minutes lies in
-- two consecutive hours, one of which holds at least 3 of them. The person-hours holding 3 or more
-- failed access events are few (most hold one), so the 30-day access report finds them here and
-- reads only them and their neighbour hours instead of every person-hour with a failure.
CREATE INDEX "audit_access_failures_hourly_hot_idx" ON "audit_access_failures_hourly" ("tenant_id", "hour") INCLUDE ("actor_ref", "n") WHERE "n" >= 3;
