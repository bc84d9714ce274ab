// How verification hands out seq ranges (lib/audit/verify.ts): the cut, the order of the answers,
// no range handed out past a failure, and a helper process that fails giving its range back.
import { describe, expect, it } from "vitest";
import { rangesOf, verifyRanges } from "@/lib/audit/verify";
import type { Segment, SeqRange } from "@/lib/audit/verify-segment";

const ok = (r: SeqRange): Segment => ({
  checked: 1,
  first: { seq: r.from + 1, prevHash: `h${r.from}` },
  last: { seq: r.from + 1, hash: `h${r.from + 1}` },
  headHash: null,
  failure: null,
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("rangesOf", () => {
  it("cuts (start, head] into ranges, the last one open-ended", () => {
    expect(rangesOf(0, 10, 3)).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 9 },
      { from: 9, to: null },
    ]);
    expect(rangesOf(100, 106, 3)).toEqual([
      { from: 100, to: 103 },
      { from: 103, to: null },
    ]);
    expect(rangesOf(7, 7, 3)).toEqual([{ from: 7, to: null }]);
  });
});

describe("verifyRanges", () => {
  it("answers in range order whichever process verified a range", async () => {
    const ranges = rangesOf(0, 12, 2);
    const byHelper: number[] = [];
    const segments = await verifyRanges(ranges, async (r) => (await tick(), ok(r)), {
      verify: async (r) => {
        byHelper.push(r.from);
        await tick();
        return ok(r);
      },
      close: () => {},
    });
    expect(segments.map((s) => s.first?.seq)).toEqual([1, 3, 5, 7, 9, 11]);
    expect(byHelper.length).toBeGreaterThan(0);
    expect(byHelper[0]).toBe(0);
  });

  it("hands out no range after one that failed", async () => {
    const asked: number[] = [];
    const segments = await verifyRanges(
      rangesOf(0, 20, 2),
      async (r) => {
        asked.push(r.from);
        await tick();
        return r.from === 4 ? { ...ok(r), failure: { seq: 5, reason: "entry 5 was altered" } } : ok(r);
      },
      null,
    );
    expect(asked).toEqual([0, 2, 4]);
    expect(segments).toHaveLength(3);
    expect(segments[2].failure).toEqual({ seq: 5, reason: "entry 5 was altered" });
  });

  it("verifies here the ranges of a helper that failed", async () => {
    const here: number[] = [];
    const segments = await verifyRanges(
      rangesOf(0, 8, 2),
      async (r) => {
        here.push(r.from);
        await tick();
        return ok(r);
      },
      {
        verify: async () => {
          await tick();
          throw new Error("the verification process exited (code 1)");
        },
        close: () => {},
      },
    );
    expect(segments.map((s) => s.first?.seq)).toEqual([1, 3, 5, 7]);
    expect([...here].sort((a, b) => a - b)).toEqual([0, 2, 4, 6]);
  });
});
