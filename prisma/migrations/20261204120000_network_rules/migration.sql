-- Per-tenant network rules (docs/decisions/0036-network-rules.md): CIDR allow-lists, one per
-- credential kind. An empty list restricts nothing. The lists live on the tenant row (read with
-- the tenant's own RLS by the resolver's cached check, written by PUT /v1/network-rules).
ALTER TABLE "tenants" ADD COLUMN "network_console" TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE "tenants" ADD COLUMN "network_api" TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE "tenants" ADD COLUMN "network_virtual_keys" TEXT[] NOT NULL DEFAULT '{}';
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_network_lists_check" CHECK (
  cardinality(network_console) <= 100 AND cardinality(network_api) <= 100 AND cardinality(network_virtual_keys) <= 100
);
