"use client";
import { signOutOperatorAction } from "@/app/(platform)/platform/actions";
import { Button } from "@/components/ui/button";

export function OperatorSignOut() {
  return (
    <Button variant="ghost" size="sm" onClick={() => void signOutOperatorAction({})}>
      Sign out
    </Button>
  );
}
