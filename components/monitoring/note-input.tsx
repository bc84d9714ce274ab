"use client";
// The optional note an alert transition or an approval decision carries: one per row, kept by id
// until the call succeeds (useNotes), with a label for screen readers.
import { useState } from "react";
import { inputClass } from "@/components/ui/field";

export function useNotes() {
  const [notes, setNotes] = useState<Record<string, string>>({});
  return {
    /** The row's note, trimmed; undefined when empty. */
    noteOf: (id: string) => notes[id]?.trim() || undefined,
    clear: (id: string) => setNotes((n) => ({ ...n, [id]: "" })),
    input: (id: string, label: string) => (
      <>
        <label className="sr-only" htmlFor={`note-${id}`}>
          {label}
        </label>
        <input
          id={`note-${id}`}
          className={`${inputClass} sm:max-w-xs`}
          placeholder="Note (optional)"
          maxLength={500}
          value={notes[id] ?? ""}
          onChange={(e) => setNotes((n) => ({ ...n, [id]: e.target.value }))}
        />
      </>
    ),
  };
}
