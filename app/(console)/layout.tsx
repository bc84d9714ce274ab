// The authenticated console shell: resolves the signed-in actor, or sends the visitor to sign in.
import { redirect } from "next/navigation";
import { consoleSession } from "@/lib/auth/console-session";
import { ActorProvider } from "@/components/rbac/actor-provider";
import { ShellFrame } from "@/components/shell/shell-frame";
import { signOutAction } from "@/app/actions/sign-out";

// Never prerender or cache the shell: every request must resolve its own session.
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const context = await consoleSession();
  if (!context) redirect("/signin");
  // Say why a session stopped working (deactivated, revoked, expired) instead of a bare sign-in page.
  if ("problem" in context && context.problem === "operator") redirect("/platform");
  if ("problem" in context) {
    const code =
      context.problem === "account_disabled"
        ? "account_disabled"
        : context.problem === "suspended"
          ? "tenant_suspended"
          : context.problem === "ip_not_allowed"
            ? "ip_not_allowed"
            : "session_expired";
    redirect(`/signin?error=${code}`);
  }

  return (
    <ActorProvider actor={context.actor}>
      <ShellFrame signOut={signOutAction}>{children}</ShellFrame>
    </ActorProvider>
  );
}
