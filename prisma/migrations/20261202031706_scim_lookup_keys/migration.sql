/*
  Warnings:

  - You are about to drop the column `scim_emails` on the `users` table. All the data in the column will be lost.

*/
-- DropIndex
DROP INDEX "users_scim_emails_idx";

-- AlterTable
ALTER TABLE "users" DROP COLUMN "scim_emails",
ADD COLUMN     "user_name_key" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "user_email_keys" (
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "user_email_keys_pkey" PRIMARY KEY ("user_id","value")
);

-- CreateIndex
CREATE INDEX "user_email_keys_tenant_id_value_idx" ON "user_email_keys"("tenant_id", "value");

-- CreateIndex
CREATE INDEX "users_tenant_id_user_name_key_idx" ON "users"("tenant_id", "user_name_key");

-- AddForeignKey
ALTER TABLE "user_email_keys" ADD CONSTRAINT "user_email_keys_tenant_id_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: user_email_keys
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "user_email_keys" TO warden_app;
ALTER TABLE "user_email_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "user_email_keys" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "user_email_keys" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: under RLS only leakproof operators (text =) may become index conditions, so the
-- lower(email) / lower(name) expression indexes and the GIN array index never served a SCIM
-- lookup. Plain lower-cased keys do: users.user_name_key for userName eq, user_email_keys
-- (one row per e-mail value) for emails.value eq. Both are written only by the triggers below.
DROP INDEX "users_tenant_id_lower_email_idx";
DROP INDEX "teams_tenant_id_lower_name_idx";

CREATE OR REPLACE FUNCTION warden_users_scim_document() RETURNS trigger LANGUAGE plpgsql AS $$
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
  NEW.user_name_key := lower(NEW.email);
  RETURN NEW;
END
$$;

CREATE FUNCTION warden_users_email_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM user_email_keys WHERE user_id = NEW.id;
  END IF;
  INSERT INTO user_email_keys (tenant_id, user_id, value)
  SELECT DISTINCT NEW.tenant_id, NEW.id, lower(e->>'value')
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(NEW.scim_document->'emails') = 'array'
                                   THEN NEW.scim_document->'emails' ELSE '[]'::jsonb END) AS e
   WHERE jsonb_typeof(e) = 'object' AND e->>'value' IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER users_email_keys_insert AFTER INSERT ON "users"
  FOR EACH ROW EXECUTE FUNCTION warden_users_email_keys();
CREATE TRIGGER users_email_keys_update AFTER UPDATE ON "users"
  FOR EACH ROW WHEN (OLD.scim_document IS DISTINCT FROM NEW.scim_document) EXECUTE FUNCTION warden_users_email_keys();

-- Existing users: their keys now.
UPDATE "users" SET "user_name_key" = lower("email");
INSERT INTO "user_email_keys" ("tenant_id", "user_id", "value")
SELECT DISTINCT u.tenant_id, u.id, lower(e->>'value')
  FROM "users" u,
       jsonb_array_elements(CASE WHEN jsonb_typeof(u.scim_document->'emails') = 'array'
                                 THEN u.scim_document->'emails' ELSE '[]'::jsonb END) AS e
 WHERE jsonb_typeof(e) = 'object' AND e->>'value' IS NOT NULL
ON CONFLICT DO NOTHING;
