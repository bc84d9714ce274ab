// What the last action of a form or panel came to: an error, announced at once (role="alert"), and
// a confirmation, announced politely (role="status"); ErrorBanner is the boxed error a form shows
// above its buttons. Nothing renders while the text is empty.
import { cn } from "./cn";

export function Outcome({
  error,
  saved,
  className,
}: {
  error?: string | null;
  saved?: string | null;
  className?: string;
}) {
  return (
    <>
      {error && (
        <p role="alert" className={cn("text-sm text-danger-text", className)}>
          {error}
        </p>
      )}
      {saved && (
        <p role="status" className={cn("text-sm text-success-text", className)}>
          {saved}
        </p>
      )}
    </>
  );
}

export function ErrorBanner({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p
      role="alert"
      className="rounded-md border border-danger-border bg-danger-soft px-3 py-2 text-sm text-danger-text"
    >
      {text}
    </p>
  );
}
