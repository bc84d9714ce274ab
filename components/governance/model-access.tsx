"use client";
// The provider and model allow-lists of a user or a virtual key, in its table, details and sheet.
import { ModelAccessLists } from "./allow-list";
import type { ProviderOptions } from "./types";

/** "all" for "*", "none (denied)" for an empty list, else the names. */
export const allowText = (v: string[]) => (v.includes("*") ? "all" : v.length ? v.join(", ") : "none (denied)");

/** The two lists as the API names them, so a sheet's body takes them as they are. */
export type ModelAccess = { allowed_providers: string[]; allowed_models: string[] };

/** A row's allow-lists, or `fallback` for both when creating. */
export const accessOf = (row: ModelAccess | null, fallback: string[]): ModelAccess => ({
  allowed_providers: row?.allowed_providers ?? [...fallback],
  allowed_models: row?.allowed_models ?? [...fallback],
});

/** The two allow-lists, suggesting the known providers and the models of the providers allowed. */
export function ModelAccessFields({
  options,
  value,
  onChange,
  fieldError,
}: {
  options: ProviderOptions;
  value: ModelAccess;
  onChange: (v: ModelAccess) => void;
  fieldError: (field: string) => string | undefined;
}) {
  const providers = value.allowed_providers;
  const modelNames = [
    ...new Set(options.filter((p) => providers.includes("*") || providers.includes(p.name)).flatMap((p) => p.models)),
  ].sort();
  return (
    <ModelAccessLists
      providers={providers}
      onProviders={(allowed_providers) => onChange({ ...value, allowed_providers })}
      models={value.allowed_models}
      onModels={(allowed_models) => onChange({ ...value, allowed_models })}
      providerNames={options.map((p) => p.name)}
      modelNames={modelNames}
      fieldError={fieldError}
    />
  );
}
