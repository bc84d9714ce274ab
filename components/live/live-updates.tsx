"use client";
// Keeps a server-rendered console page current without a reload (ADR 0033): every second it
// asks the view's version route with If-None-Match; 304 means nothing changed, 200 means the page's
// data may have changed and the server components are fetched again (router.refresh(), which keeps
// client state such as filters and open forms). Polling pauses while the tab is hidden and resumes
// at once when it is shown again. A small indicator says whether the page is live.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { api } from "@/lib/api/client";

export type LiveView = "dashboard" | "monitoring";

const POLL_MS = 1_000;

function ask(view: LiveView, etag: string, signal: AbortSignal) {
  const init = { headers: { "if-none-match": etag }, signal };
  return view === "dashboard"
    ? api.GET("/v1/compliance/dashboard/version", init)
    : api.GET("/v1/monitoring/version", init);
}

const clock = (iso: string) => `${iso.slice(11, 19)} UTC`;

export function LiveUpdates({ view, version, renderedAt }: { view: LiveView; version: string; renderedAt: string }) {
  const router = useRouter();
  const etag = useRef(`"${version}"`);
  const [state, setState] = useState<"live" | "paused" | "offline">("live");
  // Each server render brings the version its data was read at (read before the data).
  useEffect(() => {
    etag.current = `"${version}"`;
  }, [version]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inflight: AbortController | undefined;
    let stopped = false;
    const schedule = () => {
      clearTimeout(timer);
      if (!stopped && document.visibilityState === "visible") timer = setTimeout(poll, POLL_MS);
    };
    async function poll() {
      if (document.visibilityState !== "visible") return setState("paused");
      inflight = new AbortController();
      try {
        const { response } = await ask(view, etag.current, inflight.signal);
        if (response.status === 200) {
          etag.current = response.headers.get("etag") ?? etag.current;
          router.refresh();
        }
        setState("live");
      } catch (e) {
        if ((e as Error).name === "AbortError") return;
        setState("offline");
      }
      schedule();
    }
    const onVisibility = () => {
      clearTimeout(timer);
      inflight?.abort();
      if (document.visibilityState === "visible") void poll();
      else setState("paused");
    };
    document.addEventListener("visibilitychange", onVisibility);
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      inflight?.abort();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [view, router]);

  const label = state === "live" ? "Live" : state === "paused" ? "Paused" : "Reconnecting";
  const title =
    state === "live"
      ? "This page updates by itself when its data changes"
      : state === "paused"
        ? "Updates pause while this tab is hidden"
        : "Warden could not be reached; retrying";
  return (
    <p
      data-testid="live-indicator"
      data-state={state}
      title={title}
      className="inline-flex h-8 items-center gap-2 rounded-full border border-border bg-surface px-3 text-xs text-muted"
    >
      <span
        aria-hidden
        className={`h-2 w-2 rounded-full ${state === "live" ? "animate-pulse bg-success-text" : state === "paused" ? "bg-subtle" : "bg-warning-text"}`}
      />
      <span className="font-medium text-fg">{label}</span>
      <span className="tabular-nums">
        updated <time dateTime={renderedAt}>{clock(renderedAt)}</time>
      </span>
    </p>
  );
}
