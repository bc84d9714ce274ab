"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  children: ReactNode;
  className?: string;
}

/**
 * Drives a native modal <dialog> from an `open` prop: props for the element. Only a close the
 * user caused (Escape) is reported; a close caused by `open` turning false is the parent's own
 * doing and must not clear whatever it shows next.
 */
export function useModalDialog(open: boolean, onClose: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  const wanted = useRef(open);
  useEffect(() => {
    wanted.current = open;
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return { ref, onClose: () => wanted.current && onClose() };
}

// The native <dialog> element: focus trap, Escape and the top layer come from the browser.
export function Dialog({ open, onClose, title, description, children, className }: DialogProps) {
  const modal = useModalDialog(open, onClose);
  return (
    <dialog
      {...modal}
      aria-labelledby="dialog-title"
      className={cn(
        "m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border border-border bg-surface p-0 text-fg shadow-xl backdrop:bg-overlay",
        className,
      )}
    >
      {open && (
        <div className="p-5 sm:p-6">
          <h2 id="dialog-title" className="text-base font-semibold text-fg">
            {title}
          </h2>
          {description && <p className="mt-1 text-sm text-muted">{description}</p>}
          <div className="mt-4">{children}</div>
        </div>
      )}
    </dialog>
  );
}
