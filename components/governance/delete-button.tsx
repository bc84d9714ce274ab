"use client";
// Delete in an edit sheet's footer: the first click arms it, the second deletes. A refusal (409:
// what still depends on the object) comes back through the sheet's form banner.
import { useState } from "react";
import { Button } from "@/components/ui/button";

export function DeleteButton({ what, pending, onConfirm }: { what: string; pending: boolean; onConfirm: () => void }) {
  const [armed, setArmed] = useState(false);
  return (
    <Button
      variant="ghost"
      className="mr-auto text-danger-text"
      disabled={pending}
      onClick={() => (armed ? onConfirm() : setArmed(true))}
    >
      {armed ? `Really delete ${what}?` : `Delete ${what}`}
    </Button>
  );
}
