"use client";
import type { ActionResult } from "@/lib/http/action-result";
import { Button } from "@/components/ui/button";

/** The operator sign-out action is handed down by the Platform layout (components never import app/). */
export function OperatorSignOut({
  signOut,
}: {
  signOut: (input: Record<string, never>) => Promise<ActionResult<unknown>>;
}) {
  return (
    <Button variant="ghost" size="sm" onClick={() => void signOut({})}>
      Sign out
    </Button>
  );
}
