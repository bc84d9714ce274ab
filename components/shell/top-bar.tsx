"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/http/action-result";
import { useActor } from "@/components/rbac/actor-provider";
import { roleLabel } from "@/components/rbac/role-label";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { Icon } from "@/components/ui/icons";
import { LogoMark } from "@/components/ui/logo";

const ICON_BUTTON =
  "inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg";

/** The sign-out server action, handed down by the console layout (components never import app/). */
export type SignOut = (form: FormData) => Promise<ActionResult<void>>;

export function TopBar({
  menuOpen,
  onOpenMenu,
  signOut,
}: {
  menuOpen: boolean;
  onOpenMenu: () => void;
  signOut: SignOut;
}) {
  const actor = useActor();
  const router = useRouter();
  const userName = actor.displayName ?? actor.email ?? actor.subject;

  return (
    <header className="sticky top-0 z-20 flex h-14 shrink-0 items-center gap-2 border-b border-border bg-surface/85 px-3 backdrop-blur sm:px-4 lg:px-6">
      <button
        type="button"
        onClick={onOpenMenu}
        aria-expanded={menuOpen}
        aria-controls="nav-drawer"
        className={`${ICON_BUTTON} lg:hidden`}
      >
        <Icon name="menu" className="size-5" />
        <span className="sr-only">Open navigation</span>
      </button>
      <LogoMark className="size-6 shrink-0 lg:hidden" />

      <div className="flex min-w-0 flex-1 items-center gap-2 pl-1 lg:pl-0">
        <Icon name="building" className="hidden size-4 text-subtle sm:block" />
        <p className="min-w-0 truncate text-sm">
          <span className="sr-only">Tenant: </span>
          <span className="font-medium text-fg">{actor.tenantName ?? actor.tenantSlug}</span>
          {actor.tenantName && <span className="ml-1.5 hidden text-subtle sm:inline">{actor.tenantSlug}</span>}
        </p>
      </div>

      <div className="flex shrink-0 items-center gap-1 sm:gap-2">
        <p className="flex items-center gap-2 text-sm">
          <span className="hidden max-w-48 truncate text-fg md:inline" title={actor.email}>
            {userName}
          </span>
          <span className="sr-only md:hidden">Signed in as {userName}, role </span>
          <Badge tone="accent">{roleLabel(actor.role, actor.roleName)}</Badge>
        </p>
        <ThemeToggle />
        {/* A server action: Auth.js signOut() clears the session and the sign-out is audited. It
            answers with a redirect; a refusal means the session had already ended. */}
        <form
          action={async (form) => {
            if (!(await signOut(form)).ok) router.push("/signin");
          }}
        >
          <button type="submit" className={`${ICON_BUTTON} sm:w-auto sm:gap-2 sm:px-2.5 sm:text-sm`}>
            <Icon name="signOut" className="size-[18px]" />
            <span className="sr-only sm:not-sr-only">Sign out</span>
          </button>
        </form>
      </div>
    </header>
  );
}
