"use client";
// The state every governance page shares: which row's details are open, and which create/edit
// sheet is open (an edit first loads the row's current limits so the form starts from them).
import { useCallback, useState } from "react";
import type { LoadDetails } from "./details-sheet";
import { useActionForm } from "./form";
import { draftOf, type LimitsDraft } from "./limits-editor";
import type { OwnerType } from "./types";

export type Editing<T> = { mode: "create" } | { mode: "edit"; row: T; limits: LimitsDraft };

export function useSheets<T extends { id: string }>(type: OwnerType | null, load: LoadDetails) {
  const [details, setDetails] = useState<T | null>(null);
  const [editing, setEditing] = useState<Editing<T> | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const openEdit = useCallback(
    async (row: T) => {
      setLoadError(null);
      if (!type) return setEditing({ mode: "edit", row, limits: draftOf() });
      const out = await load({ type, id: row.id });
      if (!out.ok) return setLoadError(out.error.message);
      setDetails(null);
      setEditing({ mode: "edit", row, limits: draftOf(out.data) });
    },
    [type, load],
  );
  const target = details && type ? { type, id: details.id } : null;
  return {
    details,
    setDetails,
    target,
    load,
    editing,
    setEditing,
    openEdit,
    loadError,
    close: () => setEditing(null),
  };
}

export type Sheets<T extends { id: string }> = ReturnType<typeof useSheets<T>>;

/** What an owner's create/edit sheet starts from: the row (null for a new one), its limits and the form. */
export function useOwnerForm<T>(editing: Editing<T>) {
  const row = editing.mode === "edit" ? editing.row : null;
  const [limits, setLimits] = useState<LimitsDraft>(editing.mode === "edit" ? editing.limits : draftOf());
  const form = useActionForm();
  return { row, limits, setLimits, form };
}
