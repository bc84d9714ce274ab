-- Warden: bearer JWTs from a tenant's own identity providers (ADR 0021).
ALTER TABLE "identity_providers" ADD COLUMN "accept_bearer_tokens" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "bearer_audience" TEXT;

-- The pre-tenant lookup of a token's issuer: which tenants' enabled OIDC providers accept bearer
-- tokens from it (ids, slugs and the audience only). Everything else, and whether the provider
-- still accepts them, is read afterwards inside that tenant's own transaction. Issuers are
-- stored without trailing slashes; a token's iss is compared the same way.
GRANT SELECT (accept_bearer_tokens, bearer_audience) ON TABLE "identity_providers" TO warden_definer;

CREATE FUNCTION warden_system.bearer_identity_providers(p_issuer text)
RETURNS TABLE (id text, tenant_id text, tenant_slug text, issuer text, audience text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.bearer_identity_providers is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT i.id, i.tenant_id, t.slug, i.issuer, i.bearer_audience
    FROM identity_providers i JOIN tenants t ON t.id = i.tenant_id
    WHERE i.enabled AND i.accept_bearer_tokens AND i.type IN ('okta', 'entra', 'oidc')
      AND i.bearer_audience IS NOT NULL AND i.issuer = rtrim(p_issuer, '/')
    ORDER BY i.created_at, i.id;
END $$;

GRANT CREATE ON SCHEMA warden_system TO warden_definer;
REVOKE ALL ON FUNCTION warden_system.bearer_identity_providers(text) FROM PUBLIC;
ALTER FUNCTION warden_system.bearer_identity_providers(text) OWNER TO warden_definer;
GRANT EXECUTE ON FUNCTION warden_system.bearer_identity_providers(text) TO warden_runtime;
REVOKE CREATE ON SCHEMA warden_system FROM warden_definer;
