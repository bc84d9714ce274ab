// The Audit page's pure parts: the before/after diff and the URL state (filters, cursor trail).
import { describe, expect, it } from "vitest";
import { beforeAfter, jsonDiff } from "@/components/audit/json-diff";
import {
  newerHref,
  olderHref,
  parseAuditSearch,
  exportHref,
  viewHref,
  toIso,
} from "@/app/(console)/audit/search-state";

describe("jsonDiff", () => {
  it("marks added, removed, changed and unchanged keys, nested by dotted path", () => {
    const lines = jsonDiff(
      { role: "viewer", name: "A", limits: { rpm: 10, tpm: 5 }, tags: [1] },
      { role: "admin", name: "A", limits: { rpm: 20, tpm: 5 }, team: "x", tags: [1] },
    );
    const byPath = Object.fromEntries(lines.map((l) => [l.path, l.kind]));
    expect(byPath).toEqual({
      role: "changed",
      name: "same",
      "limits.rpm": "changed",
      "limits.tpm": "same",
      team: "added",
      tags: "same",
    });
    expect(jsonDiff({ a: 1 }, {})).toEqual([{ path: "a", kind: "removed", before: 1 }]);
  });

  it("treats a created object (no before) as all added and finds before/after only when recorded", () => {
    expect(jsonDiff(null, { a: 1 }).map((l) => l.kind)).toEqual(["added"]);
    expect(beforeAfter({ reason: "x" })).toBeNull();
    expect(beforeAfter({ after: { a: 1 } })).toEqual({ before: null, after: { a: 1 } });
  });
});

describe("audit search state", () => {
  const now = new Date("2026-11-22T12:00:00Z");

  it("turns presets and custom ranges into ISO filters", () => {
    expect(parseAuditSearch({ range: "24h", outcome: "failure" }, now).filters).toEqual({
      outcome: "failure",
      from: "2026-11-21T12:00:00.000Z",
    });
    const custom = parseAuditSearch({ range: "custom", from: "2026-11-01T08:30", to: "2026-11-02" }, now);
    expect(custom.filters).toEqual({ from: "2026-11-01T08:30:00Z", to: "2026-11-02T00:00:00Z" });
    expect(toIso("2026-11-01T08:30:00+02:00")).toBe("2026-11-01T08:30:00+02:00");
    expect(parseAuditSearch({}, now).form.range).toBe("all");
  });

  it("walks older and newer pages through the cursor trail and keeps filters in every link", () => {
    const first = parseAuditSearch({ outcome: "denied" }, now);
    const older = olderHref(first, "120");
    expect(older).toBe("/audit?outcome=denied&cursor=120&prev=top");
    const second = parseAuditSearch(Object.fromEntries(new URL(older, "http://x").searchParams), now);
    expect(newerHref(first)).toBeNull();
    const third = parseAuditSearch(Object.fromEntries(new URL(olderHref(second, "70"), "http://x").searchParams), now);
    expect(third.trail).toEqual(["top", "120"]);
    expect(newerHref(third)).toBe("/audit?outcome=denied&cursor=120&prev=top");
    expect(newerHref(second)).toBe("/audit?outcome=denied");
    expect(viewHref(second, "ae_1")).toBe("/audit?outcome=denied&cursor=120&prev=top&entry=ae_1");
    expect(exportHref(first, "csv")).toBe("/v1/audit/export?format=csv&outcome=denied");
  });

  it("drops junk from the trail", () => {
    expect(parseAuditSearch({ prev: "top,12,'; drop,x" }, now).trail).toEqual(["top", "12"]);
  });
});
