-- Warden: readers of the audit rollup that name actions (the dashboard's checks and trends,
-- monitoring counts) read those actions' hours by index instead of every row of the window
-- (ADR 0025). At 10M entries a 30-day count of one action went from a scan of the window's
-- rollup rows to a few index pages.
CREATE INDEX IF NOT EXISTS "audit_rollup_hourly_action_idx" ON "audit_rollup_hourly"("tenant_id", "action", "hour");
