-- Warden: gateway allow-lists at the user level (ADR 0021). Existing people keep what they had:
-- every provider and model ("*"); a key of theirs is still narrowed by its own lists.
ALTER TABLE "users" ADD COLUMN "allowed_providers" TEXT[] NOT NULL DEFAULT ARRAY['*']::TEXT[],
ADD COLUMN "allowed_models" TEXT[] NOT NULL DEFAULT ARRAY['*']::TEXT[];
