// The gateway's read-through cache (lib/cache/refreshing.ts): fresh entries are served as is,
// stale ones are served while ONE background load replaces them, nothing older than the hard
// bound is ever served, and failed loads are never kept.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RefreshingCache } from "@/lib/cache/refreshing";

const flush = () => new Promise((r) => setImmediate(r));

describe("RefreshingCache", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["Date"], now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it("serves a fresh entry without loading, and shares one load between concurrent misses", async () => {
    const c = new RefreshingCache<number>(1000, 2000);
    const load = vi.fn(async () => 1);
    const [a, b] = await Promise.all([c.get("k", load), c.get("k", load)]);
    expect([a, b, load.mock.calls.length]).toEqual([1, 1, 1]);
    vi.setSystemTime(1_000_999);
    expect(await c.get("k", load)).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("serves a stale entry at once while one background load replaces it", async () => {
    const c = new RefreshingCache<string>(1000, 2000);
    await c.get("k", async () => "old");
    vi.setSystemTime(1_001_500);
    let release!: (v: string) => void;
    const slow = vi.fn(() => new Promise<string>((r) => (release = r)));
    // Both callers get the old value without waiting; only one reload starts.
    expect(await c.get("k", slow)).toBe("old");
    expect(await c.get("k", slow)).toBe("old");
    expect(slow).toHaveBeenCalledTimes(1);
    release("new");
    await flush();
    expect(await c.get("k", async () => "unused")).toBe("new");
  });

  it("never serves an entry older than the hard bound: the caller waits for the load", async () => {
    const c = new RefreshingCache<string>(1000, 2000);
    await c.get("k", async () => "old");
    vi.setSystemTime(1_002_000);
    let release!: (v: string) => void;
    const p = c.get("k", () => new Promise<string>((r) => (release = r)));
    let settledWith: string | null = null;
    void p.then((v) => (settledWith = v));
    await flush();
    expect(settledWith).toBeNull(); // not served from the expired entry
    release("new");
    expect(await p).toBe("new");
  });

  it("does not keep a failed load; a failed refresh keeps the old value only until the hard bound", async () => {
    const c = new RefreshingCache<string>(1000, 2000);
    await expect(c.get("k", async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await c.get("k", async () => "v1")).toBe("v1"); // the failure was not cached
    vi.setSystemTime(1_001_200);
    expect(await c.get("k", async () => Promise.reject(new Error("db down")))).toBe("v1"); // stale, refresh fails in the background
    await flush();
    vi.setSystemTime(1_002_100);
    await expect(c.get("k", async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
  });

  it("drops an entry on delete (a change made in this process takes effect at once)", async () => {
    const c = new RefreshingCache<string>(60_000, 120_000);
    await c.get("k", async () => "before");
    c.delete("k");
    expect(await c.get("k", async () => "after")).toBe("after");
  });
});
