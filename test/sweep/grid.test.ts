import { describe, expect, it } from "vitest";
import { cellLabel, expandGrid, formatSeeds, MAX_CELLS, parseSeeds, parseVary } from "../../src/sweep/grid.js";

describe("the grid of a sweep", () => {
  it("reads --seeds as a range, a single seed, a list, or ranges and seeds mixed", () => {
    expect(parseSeeds("1..10")).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parseSeeds("3")).toEqual([3]);
    expect(parseSeeds("1,4,7")).toEqual([1, 4, 7]);
    expect(parseSeeds("1..5,9")).toEqual([1, 2, 3, 4, 5, 9]);
    expect(parseSeeds("9,1..3,2")).toEqual([1, 2, 3, 9]); // sorted, each seed once
    expect(parseSeeds("0")).toEqual([0]);
    expect(formatSeeds([1, 2, 3, 5, 7, 8])).toBe("1..3,5,7..8");
  });

  it("refuses --seeds that are not seeds or ranges, in one line", () => {
    for (const bad of ["", "a", "1..", "..3", "1...3", "5..1", "1,,2", "-1", "1.5", `${2 ** 31 + 1}`]) {
      expect(() => parseSeeds(bad), bad).toThrow(/^--seeds ".*": .*\(e\.g\. 1\.\.10, 3, 1,4,7 or 1\.\.5,9\)$/);
    }
    expect(() => parseSeeds("1..5000")).toThrow("the sweep would have 5,000 cells: at most 1,000");
  });

  it("reads --vary values as YAML values split at the commas outside quotes and brackets", () => {
    expect(parseVary("payments.eCnyAdoption=0.5,0.9")).toEqual({ path: "payments.eCnyAdoption", values: [0.5, 0.9] });
    expect(parseVary("lending.products.pear.flexible=true,false").values).toEqual([true, false]);
    expect(parseVary('lending.workingCapitalBenchmark="4.35%","4.85%"').values).toEqual(["4.35%", "4.85%"]);
    expect(parseVary('vouchers.annual="1,000,000",2000000').values).toEqual(["1,000,000", 2000000]);
    expect(parseVary("vouchers.termDays=[10, 20],[20, 40]").values).toEqual([
      [10, 20],
      [20, 40],
    ]);
    expect(parseVary("horizon.days=7").values).toEqual([7]);
  });

  it("refuses a --vary without path=values, with an empty value or a value given twice", () => {
    expect(() => parseVary("payments.eCnyAdoption")).toThrow(/^--vary "payments.eCnyAdoption": expected path=v1,v2/);
    expect(() => parseVary("a..b=1")).toThrow(/expected path=v1,v2/);
    expect(() => parseVary("x=1,,2")).toThrow('--vary x: an empty value in "1,,2"');
    expect(() => parseVary("x=")).toThrow("--vary x: an empty value");
    expect(() => parseVary("x=0.5,0.50")).toThrow("--vary x: the value 0.5 is given twice");
    expect(() => parseVary("x=[1,")).toThrow(/--vary x: "\[1," is not a YAML value/);
  });

  it("makes the cartesian product of several --vary flags, times the seeds, with --set first in every cell", () => {
    const grid = expandGrid({
      seeds: [1, 2],
      set: [{ path: "horizon.days", value: 5 }],
      vary: [parseVary("payments.eCnyAdoption=0.5,0.9"), parseVary("lending.products.pear.flexible=true,false")],
    });
    expect(grid.combinations.map((c) => c.key)).toEqual([
      "payments.eCnyAdoption=0.5+lending.products.pear.flexible=true",
      "payments.eCnyAdoption=0.5+lending.products.pear.flexible=false",
      "payments.eCnyAdoption=0.9+lending.products.pear.flexible=true",
      "payments.eCnyAdoption=0.9+lending.products.pear.flexible=false",
    ]);
    expect(grid.cells).toHaveLength(8);
    const cell = grid.cells[3];
    expect(cell.seed).toBe(2);
    expect(cell.dir).toBe("cells/payments.eCnyAdoption=0.5+lending.products.pear.flexible=false/seed-2");
    expect(cell.overrides).toEqual([
      { path: "horizon.days", value: 5 },
      { path: "payments.eCnyAdoption", value: 0.5 },
      { path: "lending.products.pear.flexible", value: false },
    ]);
    expect(cellLabel(cell)).toBe("payments.eCnyAdoption=0.5+lending.products.pear.flexible=false, seed 2");
  });

  it("names a sweep without --vary base, and folder names stay safe file names", () => {
    const grid = expandGrid({ seeds: [3] });
    expect(grid.cells.map((c) => c.dir)).toEqual(["cells/base/seed-3"]);
    expect(cellLabel(grid.cells[0])).toBe("seed 3");
    const odd = expandGrid({ seeds: [1], vary: [parseVary('title="a/b c","a b/c"')] });
    const folders = odd.combinations.map((c) => c.folder);
    expect(folders.every((f) => !/[/\s]/.test(f))).toBe(true);
    expect(new Set(folders).size).toBe(2); // "a_b_c" twice: the second gets a suffix
  });

  it("refuses more than 1,000 cells, a path both set and varied, and a path varied twice", () => {
    const values = Array.from({ length: 101 }, (_, i) => i / 1000).join(",");
    expect(() => expandGrid({ seeds: parseSeeds("1..10"), vary: [parseVary(`x=${values}`)] })).toThrow(
      `the sweep would have 1,010 cells: at most ${MAX_CELLS.toLocaleString("en-US")} (fewer seeds or values)`,
    );
    expect(
      expandGrid({ seeds: parseSeeds("1..10"), vary: [parseVary(`x=${values.replace(/,0\.1$/, "")}`)] }).cells,
    ).toHaveLength(1_000);
    expect(() => expandGrid({ seeds: [1], set: [{ path: "x", value: 1 }], vary: [parseVary("x=1,2")] })).toThrow(
      "x is both --set and --vary: give it once",
    );
    expect(() => expandGrid({ seeds: [1], vary: [parseVary("x=1,2"), parseVary("x=3")] })).toThrow(
      "--vary x is given twice",
    );
  });
});
