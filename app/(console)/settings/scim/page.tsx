// /settings/scim - SCIM 2.0 provisioning: IdP setup, tokens, group -> role mappings, provisioning log.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ScimConsole } from "@/components/scim/scim-console";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { getConsoleContext } from "@/lib/auth/console";
import { loadScimPage } from "@/lib/scim/console";

export const metadata: Metadata = { title: "SCIM" };

async function baseUrl(): Promise<string> {
  if (process.env.AUTH_URL) return `${process.env.AUTH_URL.replace(/\/+$/, "")}/scim/v2`;
  const h = await headers();
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto}://${h.get("host") ?? "localhost"}/scim/v2`;
}

export default async function ScimPage() {
  const ctx = await getConsoleContext();
  if (!ctx) redirect("/signin");
  const data = await loadScimPage(ctx.actor);
  return (
    <>
      <PageHeader title="SCIM" description="Automatic user and group provisioning from Okta or Microsoft Entra ID (SCIM 2.0)." />
      {data ? <ScimConsole data={data} baseUrl={await baseUrl()} /> : <NoAccess permission="scim.read" />}
    </>
  );
}
