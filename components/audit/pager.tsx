// Cursor pagination: newest first; "Older" follows the API's next_cursor, "Newer" walks back
// along the trail of cursors kept in the URL.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export function Pager({ newer, older, newest }: { newer: string | null; older: string | null; newest: string | null }) {
  if (!newer && !older) return null;
  const off = "pointer-events-none opacity-50";
  return (
    <nav
      aria-label="Audit pages"
      className="flex flex-wrap items-center justify-end gap-2 border-t border-border px-4 py-3"
    >
      {newest && (
        <Link href={newest} className={buttonClass("ghost", "sm")}>
          Newest
        </Link>
      )}
      {newer ? (
        <Link href={newer} className={buttonClass("secondary", "sm")} rel="prev">
          ← Newer
        </Link>
      ) : (
        <span aria-disabled="true" className={buttonClass("secondary", "sm", off)}>
          ← Newer
        </span>
      )}
      {older ? (
        <Link href={older} className={buttonClass("secondary", "sm")} rel="next">
          Older →
        </Link>
      ) : (
        <span aria-disabled="true" className={buttonClass("secondary", "sm", off)}>
          Older →
        </span>
      )}
    </nav>
  );
}
