// The frame of the pages a visitor sees before signing in (sign-in, break-glass, invitation): one
// centred card, and the theme switch in the corner.
import type { ReactNode } from "react";
import { ThemeToggle } from "@/components/shell/theme-toggle";

export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main className="flex w-full justify-center">{children}</main>
    </div>
  );
}
