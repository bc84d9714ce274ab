"use client";
// Settings -> API: the reference built on the server from lib/api/openapi.json (lib/api/reference.ts),
// searched here in the browser. Each operation opens to its permission, parameters, body, responses,
// errors and example, and "Copy as curl" builds the command with this browser's own origin.
import { useDeferredValue, useState, useSyncExternalStore } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Icon } from "@/components/ui/icons";
import {
  buildCurl,
  matchesSearch,
  tagLabel,
  type FieldRow,
  type OperationView,
  type ParamView,
  type ReferenceView,
} from "@/lib/api/reference";

const METHOD_TONE: Record<string, string> = {
  GET: "bg-success-soft text-success-text",
  POST: "bg-accent-soft text-accent-text",
  PUT: "bg-warning-soft text-warning-text",
  PATCH: "bg-warning-soft text-warning-text",
  DELETE: "bg-danger-soft text-danger-text",
};

const noSubscribe = () => () => {};
/** The page's origin in the browser; empty while rendering on the server. */
function useOrigin(): string {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => "",
  );
}

/** A description as the document writes it: paragraphs, and `code` in backticks. */
function Prose({ text, className }: { text: string; className?: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((para, i) => (
        <p key={i} className={className}>
          {para.split(/`([^`]+)`/).map((part, j) =>
            j % 2 ? (
              <code key={j} className="rounded bg-surface-2 px-1 font-mono text-[0.92em] text-fg">
                {part}
              </code>
            ) : (
              part
            ),
          )}
        </p>
      ))}
    </>
  );
}

/** A path that wraps after a slash, not inside a word. */
function PathText({ path }: { path: string }) {
  const parts = path.split("/");
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && "/"}
          {part}
          {i > 0 && i < parts.length - 1 && <wbr />}
        </span>
      ))}
    </>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // navigator.clipboard needs a secure context; plain http on an internal host still allows this.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

function MethodBadge({ method }: { method: string }) {
  return (
    <span
      className={cn(
        "inline-flex w-16 shrink-0 justify-center rounded px-1.5 py-0.5 font-mono text-xs font-semibold",
        METHOD_TONE[method] ?? "bg-surface-2 text-muted",
      )}
    >
      {method}
    </span>
  );
}

function PermissionBadge({ permission, granted }: { permission: string | null; granted: ReadonlySet<string> }) {
  if (!permission || permission === "public") return <Badge tone="neutral">No sign-in needed</Badge>;
  if (permission === "authenticated") return <Badge tone="neutral">Any caller</Badge>;
  const held = granted.has(permission);
  return (
    <Badge tone={held ? "success" : "neutral"} className="font-mono">
      <span className="sr-only">Requires </span>
      {permission}
      <span className="sr-only">{held ? " (your role has it)" : " (your role does not have it)"}</span>
    </Badge>
  );
}

function Section({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section className="min-w-0">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h4 className="text-xs font-semibold tracking-wide text-muted uppercase">{title}</h4>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** A field table: on a phone each field is a block; from sm up, three columns. */
function FieldTable({
  rows,
  label,
}: {
  rows: (FieldRow | (ParamView & { depth?: number; nullable?: boolean; path?: string }))[];
  label: string;
}) {
  return (
    <table className="w-full text-sm" aria-label={label}>
      <thead className="hidden text-left text-xs text-muted sm:table-header-group">
        <tr className="border-b border-border">
          <th scope="col" className="py-1.5 pr-3 font-medium">
            Field
          </th>
          <th scope="col" className="py-1.5 pr-3 font-medium">
            Type
          </th>
          <th scope="col" className="py-1.5 font-medium">
            Description
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-border">
        {rows.map((r) => {
          const depth = r.depth ?? 0;
          return (
            // Nested fields are indented: the whole block on a phone, the field column from sm up.
            <tr
              key={r.path ?? r.name}
              className="block py-2 pl-[calc(var(--depth)*0.875rem)] sm:table-row sm:py-0 sm:pl-0"
              style={{ "--depth": depth } as React.CSSProperties}
              data-field={r.path ?? r.name}
            >
              <td className="block align-top sm:table-cell sm:w-[32%] sm:py-1.5 sm:pr-3 sm:pl-[calc(var(--depth)*0.875rem)]">
                <span className="inline-flex flex-wrap items-baseline gap-x-1.5">
                  {depth > 0 && (
                    <span aria-hidden className="text-subtle">
                      ↳
                    </span>
                  )}
                  <code className="font-mono text-[13px] font-medium break-all text-fg">{r.name}</code>
                  {r.required && <span className="text-xs text-danger-text">required</span>}
                </span>
              </td>
              <td className="block align-top sm:table-cell sm:w-[24%] sm:py-1.5 sm:pr-3">
                <code className="font-mono text-xs break-words text-accent-text">{r.type}</code>
                {r.nullable && <span className="ml-1 text-xs text-muted">or null</span>}
              </td>
              <td className="block align-top text-xs leading-5 text-muted sm:table-cell sm:py-1.5">
                {r.description && <Prose text={r.description} className="text-fg/90" />}
                {r.values && (
                  <p>
                    {r.values.length === 1 ? "Always" : "One of"}{" "}
                    {r.values.map((v, i) => (
                      <span key={v}>
                        {i > 0 && ", "}
                        <code className="rounded bg-surface-2 px-1 font-mono break-all text-fg">{v}</code>
                      </span>
                    ))}
                  </p>
                )}
                {r.notes && <p>{r.notes.join(" · ")}</p>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function CurlBlock({ op }: { op: OperationView }) {
  const origin = useOrigin();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const command = buildCurl({
    origin: origin || "https://warden.example.com",
    method: op.method,
    path: op.path,
    example: op.example,
  });
  const copy = async () => {
    const ok = await copyText(
      buildCurl({ origin: window.location.origin, method: op.method, path: op.path, example: op.example }),
    );
    setState(ok ? "copied" : "failed");
    setTimeout(() => setState("idle"), 2500);
  };
  return (
    <Section
      title="Example"
      aside={
        <span className="ml-auto flex items-center gap-2">
          <span
            role="status"
            aria-live="polite"
            className={cn("text-xs font-medium", state === "failed" ? "text-danger-text" : "text-success-text")}
          >
            {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the command" : ""}
          </span>
          <Button size="sm" onClick={copy}>
            Copy as curl
          </Button>
        </span>
      }
    >
      <pre
        className="overflow-x-auto rounded-md border border-border bg-surface-2 p-3 font-mono text-xs leading-5 break-all whitespace-pre-wrap text-fg sm:break-normal sm:whitespace-pre"
        data-testid="curl-command"
      >
        {command}
      </pre>
      {op.example.body !== undefined && (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-muted hover:text-fg">Example body</summary>
          <pre className="mt-1 overflow-x-auto rounded-md border border-border bg-surface-2 p-3 font-mono leading-5 text-fg">
            {JSON.stringify(op.example.body, null, 2)}
          </pre>
        </details>
      )}
    </Section>
  );
}

function OperationDetails({ op, granted }: { op: OperationView; granted: ReadonlySet<string> }) {
  const held =
    op.permission && op.permission !== "public" && op.permission !== "authenticated"
      ? granted.has(op.permission)
      : null;
  return (
    <div className="space-y-5 border-t border-border px-3 pt-4 pb-5 sm:px-4">
      {/* The operation's own heading, for the outline (tag h2, operation h3, its sections h4); the
          summary above already shows it. */}
      <h3 className="sr-only">
        {op.method.toUpperCase()} {op.path}
      </h3>
      {op.description && (
        <div className="max-w-3xl space-y-2 text-sm leading-6 text-fg">
          <Prose text={op.description} />
        </div>
      )}
      <Section title="Permission">
        <p className="text-sm text-muted">
          {!op.permission || op.permission === "public" ? (
            "None: anyone may call it without credentials."
          ) : op.permission === "authenticated" ? (
            "Any authenticated caller (API key, session or OIDC token)."
          ) : (
            <>
              <code className="font-mono text-fg">{op.permission}</code> (
              {held ? "your role has it" : "your role does not have it"}).
            </>
          )}
        </p>
      </Section>
      {op.pathParams.length > 0 && (
        <Section title="Path parameters">
          <FieldTable rows={op.pathParams} label={`Path parameters of ${op.method} ${op.path}`} />
        </Section>
      )}
      {op.queryParams.length > 0 && (
        <Section title="Query parameters">
          <FieldTable rows={op.queryParams} label={`Query parameters of ${op.method} ${op.path}`} />
        </Section>
      )}
      {op.body && (
        <Section
          title="Request body"
          aside={<code className="font-mono text-xs text-subtle">{op.body.contentType}</code>}
        >
          {op.body.rows.length ? (
            <FieldTable rows={op.body.rows} label={`Request body of ${op.method} ${op.path}`} />
          ) : (
            <p className="text-sm text-muted">
              <code className="font-mono text-accent-text">{op.body.type}</code>
            </p>
          )}
        </Section>
      )}
      {op.responses.map((r) => (
        <Section
          key={r.status}
          title={`Response ${r.status}`}
          aside={
            <>
              <span className="text-xs text-muted">{r.description}</span>
              {r.contentType && <code className="font-mono text-xs text-subtle">{r.contentType}</code>}
            </>
          }
        >
          {r.rows?.length ? (
            <FieldTable rows={r.rows} label={`Response ${r.status} of ${op.method} ${op.path}`} />
          ) : r.type ? (
            <p className="text-sm text-muted">
              <code className="font-mono text-accent-text">{r.type}</code>
            </p>
          ) : (
            <p className="text-sm text-muted">No body.</p>
          )}
        </Section>
      ))}
      {op.errors.length > 0 && (
        <Section title="Errors">
          <p className="mb-2 text-xs text-muted">
            Answered as <code className="font-mono">{"{ error: { type, message, request_id, issues? } }"}</code>.
          </p>
          <ul className="grid gap-1.5 text-sm sm:grid-cols-2">
            {op.errors.map((e) => (
              <li key={e.status} className="flex min-w-0 items-baseline gap-2">
                <span className="w-9 shrink-0 font-mono text-xs font-semibold text-danger-text">{e.status}</span>
                <span className="min-w-0 font-mono text-xs break-words text-fg">{e.types.join(", ")}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <CurlBlock op={op} />
    </div>
  );
}

function Operation({ op, granted }: { op: OperationView; granted: ReadonlySet<string> }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      id={`op-${op.id}`}
      className="group"
      data-testid="api-operation"
      data-method={op.method}
      data-path={op.path}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="flex cursor-pointer list-none flex-col gap-1.5 px-3 py-3 hover:bg-surface-2 sm:flex-row sm:items-center sm:gap-3 sm:px-4 [&::-webkit-details-marker]:hidden">
        <span className="flex min-w-0 items-center gap-2 sm:gap-3">
          <Icon name="chevronDown" className="size-4 -rotate-90 text-subtle transition-transform group-open:rotate-0" />
          <MethodBadge method={op.method} />
          <code className="min-w-0 font-mono text-sm break-words text-fg">
            <PathText path={op.path} />
          </code>
        </span>
        <span className="flex min-w-0 flex-1 flex-wrap items-center gap-2 pl-6 sm:justify-end sm:pl-0">
          <span className="min-w-0 text-sm text-muted sm:truncate">{op.summary}</span>
          {op.deprecated && <Badge tone="warning">Deprecated</Badge>}
          <PermissionBadge permission={op.permission} granted={granted} />
        </span>
      </summary>
      {open && <OperationDetails op={op} granted={granted} />}
    </details>
  );
}

export function ApiReference({ reference, granted }: { reference: ReferenceView; granted: string[] }) {
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query);
  const held = new Set(granted);
  const groups = reference.groups
    .map((g) => ({ ...g, operations: g.operations.filter((o) => matchesSearch(o, deferred)) }))
    .filter((g) => g.operations.length > 0);
  const shown = groups.reduce((n, g) => n + g.operations.length, 0);

  return (
    <div className="space-y-6">
      <Card className="space-y-3 p-4 sm:p-5">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
          <div className="min-w-0 flex-1">
            <label htmlFor="api-search" className="text-xs font-medium text-muted">
              Search the API
            </label>
            <input
              id="api-search"
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="Path, summary, tag or permission, e.g. customers"
              autoComplete="off"
              spellCheck={false}
              className="mt-1 h-9 w-full min-w-0 rounded-md border border-border-strong bg-surface px-3 text-sm text-fg placeholder:text-subtle"
            />
          </div>
          <a
            href="/v1/openapi.json"
            className="inline-flex h-9 shrink-0 items-center gap-1.5 self-start rounded-md border border-border-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-surface-2 sm:self-auto"
            download="warden-openapi.json"
          >
            OpenAPI document
          </a>
        </div>
        <nav aria-label="API sections" className="flex flex-wrap gap-1.5">
          {groups.map((g) => (
            <a
              key={g.name}
              href={`#tag-${g.name}`}
              className="rounded-full border border-border bg-surface-2 px-2.5 py-0.5 text-xs text-muted hover:border-border-strong hover:text-fg"
            >
              {tagLabel(g.name)} <span className="text-subtle">{g.operations.length}</span>
            </a>
          ))}
        </nav>
        <p className="text-xs leading-5 text-muted" aria-live="polite">
          {shown === reference.operationCount
            ? `${reference.operationCount} operations`
            : `${shown} of ${reference.operationCount} operations`}{" "}
          · version {reference.version}. Send{" "}
          <code className="font-mono text-fg">Authorization: Bearer $WARDEN_API_KEY</code> with a key from Settings →
          API keys; a key acts with its creator&apos;s permissions, narrowed by its own role and scopes.
        </p>
      </Card>

      {groups.length === 0 && (
        <p className="rounded-lg border border-dashed border-border-strong bg-surface px-4 py-8 text-center text-sm text-muted">
          No operation matches &ldquo;{deferred}&rdquo;.
        </p>
      )}

      {groups.map((g) => (
        <section key={g.name} aria-labelledby={`tag-${g.name}`} className="space-y-2">
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <h2 id={`tag-${g.name}`} className="scroll-mt-20 text-base font-semibold text-fg">
              {tagLabel(g.name)}
            </h2>
            <span className="text-xs text-muted">
              {g.operations.length} {g.operations.length === 1 ? "operation" : "operations"}
            </span>
            {g.description && <p className="w-full text-sm text-muted">{g.description}</p>}
          </div>
          <Card className="divide-y divide-border overflow-hidden">
            {g.operations.map((op) => (
              <Operation key={op.id} op={op} granted={held} />
            ))}
          </Card>
        </section>
      ))}
    </div>
  );
}
