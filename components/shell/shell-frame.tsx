"use client";

import { useCallback, useState, type ReactNode } from "react";
import { Sidebar, SidebarDrawer } from "@/components/shell/sidebar";
import { BreakGlassBanner } from "@/components/shell/break-glass-banner";
import { SupportBanner } from "@/components/shell/support-banner";
import { TopBar, type SignOut } from "@/components/shell/top-bar";

// Client frame of the console: owns the drawer state shared by the top bar and the sidebar.
export function ShellFrame({ children, signOut }: { children: ReactNode; signOut: SignOut }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const closeMenu = useCallback(() => setMenuOpen(false), []);

  return (
    <>
      <a
        href="#main"
        // not-sr-only resets padding, so the padding is applied together with it on focus.
        className="sr-only rounded-md bg-accent text-sm font-medium text-accent-fg shadow-lg focus:not-sr-only focus:fixed focus:top-2.5 focus:left-3 focus:z-50 focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <div className="min-h-dvh lg:grid lg:grid-cols-[15rem_minmax(0,1fr)]">
        <Sidebar />
        <SidebarDrawer open={menuOpen} onClose={closeMenu} />
        <div className="flex min-w-0 flex-col">
          <TopBar menuOpen={menuOpen} onOpenMenu={() => setMenuOpen(true)} signOut={signOut} />
          <SupportBanner />
          <BreakGlassBanner />
          <main
            id="main"
            tabIndex={-1}
            className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:px-6 lg:px-8 lg:py-8"
          >
            {children}
          </main>
        </div>
      </div>
    </>
  );
}
