"use client";
// A person's live console sessions (ADR 0031): browser and system, client address, sign-in method
// and identity provider, sign-in time and last request, with "This session" on the caller's own.
// The owner's page ends one at a time; an administrator's view (Users -> person details) ends
// them all. Calls go through the typed /v1 client; the server re-checks every permission.
import { Panel } from "@/components/ui/panel";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { dateTime } from "@/components/governance/form";
import { useRun } from "@/components/monitoring/use-run";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Outcome } from "@/components/ui/outcome";
import { api, must } from "@/lib/api/client";
import type { SessionView } from "@/lib/auth/session-views";

const METHOD: Record<SessionView["method"], string> = {
  oidc: "OpenID Connect",
  saml: "SAML",
  break_glass: "Break-glass",
};

function SessionRow({ s, action }: { s: SessionView; action?: React.ReactNode }) {
  return (
    <li
      className="flex flex-col gap-3 px-4 py-3 sm:flex-row sm:items-start sm:justify-between"
      data-testid="session-row"
      data-session-id={s.id}
    >
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium text-fg">
          <span title={s.device ?? undefined}>{s.device_label}</span>
          {s.current && <Badge tone="accent">This session</Badge>}
          {s.mfa && <Badge tone="success">MFA</Badge>}
        </p>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-muted sm:grid-cols-[auto_1fr_auto_1fr]">
          <dt>Address</dt>
          <dd className="min-w-0 truncate font-mono text-fg">{s.ip ?? "—"}</dd>
          <dt>Signed in with</dt>
          <dd className="min-w-0 truncate text-fg">
            {s.provider && s.method !== "break_glass" ? `${s.provider} (${METHOD[s.method]})` : METHOD[s.method]}
          </dd>
          <dt>Signed in</dt>
          <dd className="text-fg tabular-nums">{dateTime(s.created_at)}</dd>
          <dt>Last seen</dt>
          <dd className="text-fg tabular-nums">{dateTime(s.last_seen_at)}</dd>
        </dl>
      </div>
      {action && <div className="shrink-0">{action}</div>}
    </li>
  );
}

function Empty({ text }: { text: string }) {
  return <p className="rounded-md border border-border px-4 py-3 text-sm text-muted">{text}</p>;
}

/** The signed-in person's own sessions, each with "End session" ("Sign out" for this one). */
export function OwnSessions({ sessions }: { sessions: SessionView[] }) {
  const { busy, error, run } = useRun();
  return (
    <Panel id="own-sessions" title="Where you are signed in" className="">
      <div className="flex flex-col gap-3">
        <Outcome error={error} />
        {sessions.length === 0 ? (
          <Empty text="No live sessions." />
        ) : (
          <ul className="divide-y divide-border rounded-lg border border-border bg-surface" aria-label="Your sessions">
            {sessions.map((s) => (
              <SessionRow
                key={s.id}
                s={s}
                action={
                  <Button
                    size="sm"
                    disabled={busy}
                    aria-label={
                      s.current
                        ? "End this session"
                        : `End session on ${s.device_label} from ${s.ip ?? "an unknown address"}`
                    }
                    onClick={() => run(() => must(api.DELETE("/v1/sessions/{id}", { params: { path: { id: s.id } } })))}
                  >
                    {s.current ? "Sign out here" : "End session"}
                  </Button>
                }
              />
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}

/** An administrator's view of one person's sessions (Users -> details), with "Sign out everywhere". */
type Loaded = { userId: string; sessions?: SessionView[]; error?: string; message?: string };

async function loadSessions(userId: string, message?: string): Promise<Loaded> {
  try {
    const out = await must(api.GET("/v1/users/{id}/sessions", { params: { path: { id: userId } } }));
    return { userId, sessions: out.data, message };
  } catch (e) {
    return { userId, error: (e as Error).message };
  }
}

export function UserSessions({ userId, name }: { userId: string; name: string }) {
  const router = useRouter();
  const [state, setState] = useState<Loaded | null>(null);
  const [busy, setBusy] = useState(false);
  const current = state?.userId === userId ? state : null;
  useEffect(() => {
    let live = true;
    loadSessions(userId).then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [userId]);
  const signOutEverywhere = async () => {
    setBusy(true);
    try {
      const out = await must(api.POST("/v1/users/{id}/sessions/revoke", { params: { path: { id: userId } } }));
      setState(await loadSessions(userId, out.ended === 1 ? "1 session ended" : `${out.ended} sessions ended`));
      router.refresh();
    } catch (e) {
      setState({ userId, error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="user-sessions-h" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="user-sessions-h" className="text-sm font-semibold text-fg">
          Console sessions
        </h3>
        <GuardedButton
          permission="users.write"
          size="sm"
          disabled={busy || !current?.sessions?.length}
          onClick={signOutEverywhere}
          aria-label={`Sign ${name} out everywhere`}
        >
          Sign out everywhere
        </GuardedButton>
      </div>
      {current?.message && (
        <p role="status" className="text-sm text-success-text">
          {current.message}
        </p>
      )}
      {current?.error && (
        <p role="alert" className="text-sm text-danger-text">
          {current.error}
        </p>
      )}
      {!current && (
        <p className="text-sm text-muted" role="status">
          Loading sessions…
        </p>
      )}
      {current?.sessions &&
        (current.sessions.length === 0 ? (
          <Empty text="Not signed in anywhere." />
        ) : (
          <ul
            className="divide-y divide-border rounded-md border border-border text-sm"
            aria-label={`Sessions of ${name}`}
          >
            {current.sessions.map((s) => (
              <SessionRow key={s.id} s={s} />
            ))}
          </ul>
        ))}
    </section>
  );
}
