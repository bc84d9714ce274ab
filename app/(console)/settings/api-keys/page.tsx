// /settings/api-keys - control-plane API keys: list with state, create (secret shown once), rotate, revoke.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { KeyTable } from "@/components/api-keys/key-table";
import { NoAccess } from "@/components/shell/placeholder-page";
import { PageHeader } from "@/components/ui/page-header";
import { loadKeysPage } from "@/lib/auth/api-keys/console";
import { getConsoleContext } from "@/lib/auth/console";
import { createKeyAction, revokeKeyAction, rotateKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const ctx = await getConsoleContext();
  if (!ctx) redirect("/signin");
  const header = <PageHeader title="API keys" description="Keys for automation, CI and scripts that call the Warden API. Each acts with a role and optional narrower scopes." />;
  if (!ctx.actor.permissions.includes("api_keys.read")) return <>{header}<NoAccess permission="api_keys.read" /></>;
  const { keys, policy } = await loadKeysPage(ctx.actor);
  return (
    <>
      {header}
      <KeyTable keys={keys} policy={policy} actions={{ create: createKeyAction, rotate: rotateKeyAction, revoke: revokeKeyAction }} />
    </>
  );
}
