// /invite?token=… - a first-admin invitation (ADR 0038). Opening the link changes nothing (mail
// scanners follow links): the button posts the token once, and the action answers by sending the
// person on to their organization's single sign-on, or back here with the reason.
import type { Metadata } from "next";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { InviteCard } from "@/components/signin/invite";
import { acceptInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function InvitePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main className="flex w-full justify-center">
        <InviteCard
          action={acceptInvitationAction}
          token={(one(params.token) ?? "").slice(0, 600)}
          error={one(params.error)}
          accepted={one(params.accepted)}
        />
      </main>
    </div>
  );
}
