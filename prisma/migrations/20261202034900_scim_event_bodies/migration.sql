-- AlterTable
ALTER TABLE "scim_events" ADD COLUMN     "request_body" JSONB,
ADD COLUMN     "response_body" JSONB;
