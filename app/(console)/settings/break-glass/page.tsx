// /settings/break-glass - the emergency sign-in for when the organization's IdP is down (ADR 0039):
// off by default; while on, each admin issues their own one-time code, and a sign-in needs the
// codes of two different admins.
import type { Metadata } from "next";
import { BreakGlassPanel } from "@/components/break-glass/break-glass-panel";
import { refusedView } from "@/components/ui/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { page } from "@/lib/http/page";
import { BREAK_GLASS_CODE_HOURS, BREAK_GLASS_SESSION_MINUTES, breakGlassState } from "@/lib/identity/break-glass";
import { issueBreakGlassCodeAction, setBreakGlassAction } from "./actions";

export const metadata: Metadata = { title: "Break-glass" };
export const dynamic = "force-dynamic";

const header = (
  <PageHeader
    title="Break-glass sign-in"
    description="An emergency sign-in for when your identity provider is down. It needs one-time codes held by two different admins; every use raises a high-severity alert and is recorded in the audit trail."
  />
);

const refused = refusedView(header, "break_glass.manage");

export default page({ permission: "break_glass.manage", refused }, async ({ tx, actor }) => {
  const state = await breakGlassState(tx, actor);
  return (
    <>
      {header}
      <BreakGlassPanel
        state={state}
        tenantSlug={actor.tenantSlug ?? ""}
        codeHours={BREAK_GLASS_CODE_HOURS}
        sessionMinutes={BREAK_GLASS_SESSION_MINUTES}
        setEnabled={setBreakGlassAction}
        issueCode={issueBreakGlassCodeAction}
      />
    </>
  );
});
