"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { NavList } from "@/components/shell/nav-list";
import { Icon } from "@/components/ui/icons";
import { Logo } from "@/components/ui/logo";

function SidebarBrand() {
  return (
    // px-2.5 lines the mark up with the nav icons below it.
    <Link href="/" className="rounded-md px-2.5" aria-label="Warden home">
      <Logo />
    </Link>
  );
}

/** The fixed sidebar on large screens; below `lg` the same nav lives in <SidebarDrawer>. */
export function Sidebar() {
  return (
    <aside className="sticky top-0 hidden h-dvh flex-col border-r border-border bg-surface lg:flex">
      <div className="flex h-14 shrink-0 items-center px-3">
        <SidebarBrand />
      </div>
      <div className="flex-1 overflow-y-auto px-3 pt-2 pb-6">
        <NavList />
      </div>
    </aside>
  );
}

const LG_QUERY = "(min-width: 64rem)";

// A native modal <dialog>: the browser handles Escape, keeps focus inside while open and
// returns it to the menu button afterwards, so there is no hand-rolled focus trap to get wrong.
export function SidebarDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    // Widening the window past lg shows the fixed sidebar; a modal left open would block the page.
    const media = window.matchMedia(LG_QUERY);
    const onChange = () => media.matches && onClose();
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, [onClose]);

  return (
    <dialog
      ref={ref}
      id="nav-drawer"
      aria-label="Navigation"
      onClose={onClose}
      // Clicks on the dialog element itself (not its content) are clicks on the backdrop.
      onClick={(event) => event.target === event.currentTarget && onClose()}
      className="m-0 h-dvh max-h-none w-72 max-w-[85vw] border-0 border-r border-border bg-surface p-0 text-fg shadow-xl lg:hidden"
    >
      <div className="flex h-full flex-col">
        <div className="flex h-14 shrink-0 items-center justify-between px-3">
          <SidebarBrand />
          <button
            type="button"
            onClick={onClose}
            className="inline-flex size-9 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg"
          >
            <Icon name="close" className="size-5" />
            <span className="sr-only">Close navigation</span>
          </button>
        </div>
        <div className="flex-1 overflow-y-auto overscroll-contain px-3 pt-2 pb-6">
          <NavList onNavigate={onClose} />
        </div>
      </div>
    </dialog>
  );
}
