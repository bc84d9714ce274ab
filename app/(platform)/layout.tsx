// The Platform area's shell (ADR 0032): outside every tenant, so no tenant switcher, navigation
// or useCan; the page itself resolves the operator through the one resolver (surface "platform").
import { Logo } from "@/components/ui/logo";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { OperatorSignOut } from "@/components/platform/operator-sign-out";
import { signOutOperatorAction } from "./platform/actions";

export const dynamic = "force-dynamic";

export default function PlatformLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-dvh bg-bg">
      <header className="sticky top-0 z-20 flex h-14 items-center gap-3 border-b border-border bg-surface/85 px-3 backdrop-blur sm:px-6">
        <Logo className="shrink-0" />
        <span className="rounded-full bg-accent-soft px-2 py-0.5 text-xs font-medium text-accent-text">Platform</span>
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <OperatorSignOut signOut={signOutOperatorAction} />
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl px-3 py-6 sm:px-6">
        {children}
      </main>
    </div>
  );
}
