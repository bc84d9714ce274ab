// /invite?token=… - a first-admin invitation (ADR 0038). Opening the link changes nothing (mail
// scanners follow links): the button posts the token once, and the action answers by sending the
// person on to their organization's single sign-on, or back here with the reason.
import type { Metadata } from "next";
import { PublicFrame } from "@/components/signin/public-frame";
import { InviteCard } from "@/components/signin/invite";
import { acceptInvitationAction } from "./actions";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <PublicFrame>
      <InviteCard
        action={acceptInvitationAction}
        token={(firstParam(params.token) ?? "").slice(0, 600)}
        error={firstParam(params.error)}
        accepted={firstParam(params.accepted)}
      />
    </PublicFrame>
  );
}
