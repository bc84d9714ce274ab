-- AlterTable
ALTER TABLE "users" ADD COLUMN     "scim_document" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "scim_emails" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "teams_tenant_id_external_id_idx" ON "teams"("tenant_id", "external_id");

-- CreateIndex
CREATE INDEX "users_tenant_id_scim_external_id_idx" ON "users"("tenant_id", "scim_external_id");

-- CreateIndex
CREATE INDEX "users_scim_emails_idx" ON "users" USING GIN ("scim_emails");

-- Warden: case-insensitive SCIM lookups (userName eq, displayName eq; RFC 7643 caseExact=false)
-- compare lower(column) and use these indexes; RLS adds tenant_id = current_setting(...).
CREATE INDEX "users_tenant_id_lower_email_idx" ON "users" ("tenant_id", lower("email"));
CREATE INDEX "teams_tenant_id_lower_name_idx" ON "teams" ("tenant_id", lower("name"));

-- Warden: users.scim_document stays complete for every user. A user SCIM does not manage
-- (console, SSO just-in-time, erased), and any user whose document is empty, gets a document
-- mirroring its columns on every write, so
-- SCIM reads and filters see the same person the console does; erasure rewrites the columns
-- and clears the document, so the rebuilt document holds only the pseudonymised values.
-- scim_emails is always derived here from the document (lower-cased), never written by the app.
CREATE FUNCTION warden_users_scim_document() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.scim_document = '{}'::jsonb
      OR (NOT NEW.scim_managed AND TG_OP = 'UPDATE' AND NEW.scim_document IS NOT DISTINCT FROM OLD.scim_document) THEN
    NEW.scim_document := jsonb_strip_nulls(jsonb_build_object(
      'userName', NEW.email,
      'displayName', NEW.name,
      'name', jsonb_build_object('formatted', NEW.name, 'givenName', NEW.given_name, 'familyName', NEW.family_name),
      'emails', jsonb_build_array(jsonb_build_object('value', NEW.email, 'type', 'work', 'primary', true)),
      'active', NEW.active,
      'externalId', NEW.scim_external_id));
  END IF;
  NEW.scim_emails := ARRAY(
    SELECT lower(e->>'value')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW.scim_document->'emails') = 'array'
                                   THEN NEW.scim_document->'emails' ELSE '[]'::jsonb END) AS e
    WHERE jsonb_typeof(e) = 'object' AND e->>'value' IS NOT NULL);
  RETURN NEW;
END
$$;

CREATE TRIGGER users_scim_document BEFORE INSERT OR UPDATE ON "users"
  FOR EACH ROW EXECUTE FUNCTION warden_users_scim_document();

-- Existing users get their document now (the trigger fills it on this no-op update).
UPDATE "users" SET "scim_document" = '{}'::jsonb;
