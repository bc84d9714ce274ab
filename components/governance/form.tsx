"use client";
// Form plumbing for the governance sheets. Input is validated once, on the server, by the same
// zod schema as the API; its field issues come back with the action result and are shown
// under the field they name (paths like "budgets.0.limit_usd").
import { useId, useState, useTransition, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { ErrorBanner } from "@/components/ui/outcome";
import type { ActionError, ActionResult } from "@/lib/http/action-result";
import { DeleteButton } from "./delete-button";
import { Sheet } from "./sheet";
import type { Act } from "./types";

export function useActionForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);
  const fieldError = (path: string) =>
    error?.issues?.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message;
  function run<T>(call: () => Promise<ActionResult<T>>, onOk: (data: T) => void) {
    start(async () => {
      const out = await call();
      if (!out.ok) return setError(out.error);
      setError(null);
      onOk(out.data);
    });
  }
  // Field issues are shown at their fields; the banner only says that something needs fixing.
  const banner = error
    ? error.issues?.length
      ? `${error.message}: check the ${error.issues.length === 1 ? "field" : `${error.issues.length} fields`} marked below.`
      : error.message
    : null;
  return { pending, error, banner, fieldError, run, reset: () => setError(null) };
}

export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode;
}) {
  const id = useId();
  const msg = `${id}-msg`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-fg">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), ...(error || hint ? { "aria-describedby": msg } : {}) })}
      {error ? (
        <p id={msg} className="text-xs text-danger-text">
          {error}
        </p>
      ) : hint ? (
        <p id={msg} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A single-line text input in a Field: the name, description, e-mail, URL ... of a sheet. */
export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  type,
  autoComplete,
  placeholder,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  type?: "email" | "password" | "date";
  autoComplete?: string;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(p) => (
        <input
          {...p}
          type={type}
          autoComplete={autoComplete}
          className={inputClass}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          autoFocus={autoFocus}
        />
      )}
    </Field>
  );
}

/**
 * A number input's value for a request body: undefined when blank, so the body leaves it out and
 * the server's schema names the field as missing.
 */
export const numberOf = (s: string) => (s.trim() === "" ? undefined : Number(s));

export const usd = (v: number, digits = 2) =>
  `$${v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
export const int = (v: number) => v.toLocaleString("en-US");
export const date = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleDateString("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" })
    : "—";
export const dateTime = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * The create / edit sheet of a governance console: the fields as a form (Enter submits), the
 * form's banner above them, and a footer with Delete (when editing), Cancel and the submit button.
 */
export function FormSheet({
  title,
  description,
  form,
  submitLabel,
  onSubmit,
  onClose,
  onDelete,
  children,
}: {
  title: string;
  description?: string;
  form: Pick<ReturnType<typeof useActionForm>, "pending" | "banner">;
  /** The submit button's label ("Create team", "Save team"). */
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  /** Offered while editing: what is deleted, and the call that deletes it. */
  onDelete?: { what: string; confirm: () => void } | null;
  children: ReactNode;
}) {
  return (
    <Sheet
      open
      onClose={onClose}
      title={title}
      description={description}
      footer={
        <>
          {onDelete && <DeleteButton what={onDelete.what} pending={form.pending} onConfirm={onDelete.confirm} />}
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={form.pending} onClick={onSubmit}>
            {form.pending ? "Saving…" : submitLabel}
          </Button>
        </>
      }
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <ErrorBanner text={form.banner} />
        {children}
        <button type="submit" className="hidden" />
      </form>
    </Sheet>
  );
}

/**
 * The FormSheet of one row of a kind ("team"): "New team" and "Create team" for a new one, "Edit
 * <name>" and "Save team" for an existing one, and Delete while editing when the kind has `remove`.
 */
export function EntityFormSheet({
  row,
  noun,
  newTitle = `New ${noun}`,
  description,
  form,
  onSubmit,
  onClose,
  remove,
  children,
}: {
  row: { id: string; name: string } | null;
  noun: string;
  newTitle?: string;
  description: string;
  form: ReturnType<typeof useActionForm>;
  onSubmit: () => void;
  onClose: () => void;
  remove?: Act<{ id: string }>;
  children: ReactNode;
}) {
  return (
    <FormSheet
      title={row ? `Edit ${row.name}` : newTitle}
      description={description}
      form={form}
      submitLabel={row ? `Save ${noun}` : `Create ${noun}`}
      onSubmit={onSubmit}
      onClose={onClose}
      onDelete={row && remove ? { what: noun, confirm: () => form.run(() => remove({ id: row.id }), onClose) } : null}
    >
      {children}
    </FormSheet>
  );
}
