"use client";

import { useId, type ComponentProps } from "react";
import type { Permission } from "@/lib/rbac/permissions";
import { useCan } from "@/components/rbac/can";
import { Button } from "@/components/ui/button";

type Props = ComponentProps<typeof Button> & { permission: Permission };

// A button the actor may lack the permission for: it stays visible but disabled, and says why
// (title for pointer users, aria-describedby for screen readers). The server still decides.
export function GuardedButton({ permission, disabled, children, ...rest }: Props) {
  const allowed = useCan(permission);
  const reasonId = useId();
  if (allowed)
    return (
      <Button disabled={disabled} {...rest}>
        {children}
      </Button>
    );
  const reason = `Your role doesn't include ${permission}.`;
  return (
    // The wrapper carries the tooltip (a disabled button gets no pointer events) and is relative
    // so the visually hidden reason stays inside scroll containers on small screens.
    <span className="relative inline-flex cursor-not-allowed" title={reason}>
      <Button {...rest} disabled aria-describedby={reasonId} data-denied={permission}>
        {children}
      </Button>
      <span id={reasonId} className="sr-only">
        {reason}
      </span>
    </span>
  );
}
