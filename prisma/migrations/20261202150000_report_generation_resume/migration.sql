-- Report generation runs as a job (lib/jobs, ADR 0029): the generating process renews
-- heartbeat_at while it writes chunks; a report whose heartbeat is stale is claimed again by
-- another process (run_token + 1) and resumes after its committed chunks. A writer whose token is
-- no longer current stops before it writes.
ALTER TABLE "reports" ADD COLUMN "heartbeat_at" TIMESTAMPTZ(3),
ADD COLUMN "run_token" INTEGER NOT NULL DEFAULT 0;
