"use client";
// The create/edit sheet of a customer or a team: name, description, the kind's own fields, then
// its budgets and rate limits, saved in one call; an existing one can be deleted from it.
import { useState, type ReactNode } from "react";
import { EntityFormSheet, TextField } from "./form";
import { LimitsEditor, limitsPayload } from "./limits-editor";
import type { Act } from "./types";
import { useOwnerForm, type Editing } from "./use-sheets";

type Limits = ReturnType<typeof limitsPayload>;

export function NamedOwnerSheet<T extends { id: string; name: string; description: string | null }, B>({
  editing,
  noun,
  description,
  actions,
  body,
  onClose,
  children,
}: {
  editing: Editing<T>;
  /** "customer": "New customer", "Save customer", "Delete customer". */
  noun: string;
  description: string;
  actions: { create: Act<B & Limits>; update: Act<{ id: string } & B & Limits>; remove: Act<{ id: string }> };
  /** The kind's body from the trimmed name and description (and its own fields). */
  body: (fields: { name: string; description: string }) => B;
  onClose: () => void;
  /** The kind's own fields, between the description and the limits. */
  children?: (fieldError: (path: string) => string | undefined) => ReactNode;
}) {
  const { row, limits, setLimits, form: f } = useOwnerForm(editing);
  const [name, setName] = useState(row?.name ?? "");
  const [text, setText] = useState(row?.description ?? "");
  const submit = () => {
    const all = { ...body({ name: name.trim(), description: text.trim() }), ...limitsPayload(limits) };
    f.run(() => (row ? actions.update({ id: row.id, ...all }) : actions.create(all)), onClose);
  };
  return (
    <EntityFormSheet
      row={row}
      noun={noun}
      description={description}
      form={f}
      onSubmit={submit}
      onClose={onClose}
      remove={actions.remove}
    >
      <TextField label="Name" error={f.fieldError("name")} value={name} onChange={setName} autoFocus />
      <TextField label="Description" error={f.fieldError("description")} value={text} onChange={setText} />
      {children?.(f.fieldError)}
      <LimitsEditor value={limits} onChange={setLimits} fieldError={f.fieldError} />
    </EntityFormSheet>
  );
}
