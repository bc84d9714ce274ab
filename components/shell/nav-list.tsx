"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId } from "react";
import { NAV, isActive, type NavItem } from "@/components/shell/nav";
import { useActorPermissions } from "@/components/rbac/actor-provider";
import { Icon } from "@/components/ui/icons";
import { cn } from "@/components/ui/cn";

const ITEM = "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm";

// Shared by the desktop sidebar and the mobile drawer. onNavigate lets the drawer close itself.
export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  const permissions = useActorPermissions();

  return (
    <nav aria-label="Console" className="flex flex-col gap-6">
      {NAV.map((group) => (
        <div key={group.label ?? "main"}>
          {group.label && (
            <h2 className="mb-1 px-2.5 text-xs font-medium tracking-wide text-subtle uppercase">{group.label}</h2>
          )}
          <ul className="flex flex-col gap-0.5">
            {group.items.map((item) => (
              <li key={item.href}>
                {item.permission && !permissions.has(item.permission) ? (
                  <DisabledItem item={item} />
                ) : (
                  <Link
                    href={item.href}
                    // No viewport prefetch: the live pages refresh their route every time their data
                    // changes, and a prefetch of every sidebar page each time delayed that refresh.
                    prefetch={false}
                    onClick={onNavigate}
                    aria-current={isActive(item.href, pathname) ? "page" : undefined}
                    className={cn(
                      ITEM,
                      "text-muted hover:bg-surface-2 hover:text-fg",
                      "aria-[current=page]:bg-accent-soft aria-[current=page]:font-medium aria-[current=page]:text-accent-text",
                    )}
                  >
                    <Icon name={item.icon} className="size-4" />
                    {item.label}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

// Kept visible (and focusable) so people learn the page exists and why they cannot open it;
// hiding it would just generate "where is the audit page?" tickets.
function DisabledItem({ item }: { item: NavItem }) {
  const reasonId = useId();
  const reason = `Your role doesn't include ${item.permission}.`;
  return (
    <span
      role="link"
      aria-disabled="true"
      aria-describedby={reasonId}
      tabIndex={0}
      title={reason}
      className={cn(ITEM, "group relative cursor-not-allowed text-subtle/80")}
    >
      <Icon name={item.icon} className="size-4 opacity-70" />
      <span className="opacity-80">{item.label}</span>
      <Icon name="lock" className="ml-auto size-3.5" />
      <span
        id={reasonId}
        role="tooltip"
        className={cn(
          // invisible rather than display:none keeps it readable via aria-describedby.
          "invisible absolute opacity-0 group-hover:visible group-hover:opacity-100",
          "group-focus-visible:visible group-focus-visible:opacity-100",
          "top-full left-2 z-10 mt-1 w-max max-w-52 rounded-md bg-fg px-2 py-1 text-xs text-bg shadow-md",
        )}
      >
        {reason}
      </span>
    </span>
  );
}
