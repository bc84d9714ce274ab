-- AlterTable
ALTER TABLE "budgets" ADD COLUMN     "lease_expires_at" TIMESTAMPTZ(3);
