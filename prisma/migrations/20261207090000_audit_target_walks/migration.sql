-- The audit explorer's target filter (an id or a type, lib/audit/query.ts) walks these two indexes
-- backwards, newest first, and merges the walks (ADR 0043, amended): the cost of a page is the
-- entries it returns, however rare the target. Without them a key or a user with a handful of
-- entries among millions read the whole trail.
CREATE INDEX "audit_entries_tenant_id_target_id_seq_idx" ON "audit_entries"("tenant_id", "target_id", "seq");
CREATE INDEX "audit_entries_tenant_id_target_type_seq_idx" ON "audit_entries"("tenant_id", "target_type", "seq");
