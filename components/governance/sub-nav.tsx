"use client";
// The governance section's own navigation (the sidebar lists the same pages).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { GOVERNANCE_PAGES } from "./pages";

export function GovernanceSubNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Governance sections" className="-mx-1 mb-5 flex gap-1 overflow-x-auto px-1 pb-1">
      {GOVERNANCE_PAGES.map((p) => {
        const current = p.href === "/governance" ? pathname === p.href : pathname.startsWith(p.href);
        return (
          <Link
            key={p.href}
            href={p.href}
            aria-current={current ? "page" : undefined}
            className={`shrink-0 rounded-md px-3 py-1.5 text-sm whitespace-nowrap ${current ? "bg-accent-soft font-medium text-accent-text" : "text-muted hover:bg-surface-2 hover:text-fg"}`}
          >
            {p.label}
          </Link>
        );
      })}
    </nav>
  );
}
