import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { divRoundHalfUp, fenToYuan, formatYuan, formatYuanShort, parseFen, yuanToFen } from "../../src/domain/money.js";
import { InvalidInputError } from "../../src/domain/errors.js";

describe("yuan and fen", () => {
  it("parses decimal yuan into exact fen", () => {
    expect(yuanToFen("1234")).toBe(123400n);
    expect(yuanToFen("1234.5")).toBe(123450n);
    expect(yuanToFen("1,234.56")).toBe(123456n);
    expect(yuanToFen("¥10,000,000")).toBe(1_000_000_000n);
    expect(yuanToFen("0.01")).toBe(1n);
  });

  it("refuses fractions of a fen, negatives and non-numbers with a clear error", () => {
    expect(() => yuanToFen("1.001")).toThrow(/fraction of a fen/);
    expect(() => yuanToFen("-5")).toThrow(/negative/);
    expect(() => yuanToFen("1e6")).toThrow(InvalidInputError);
    expect(() => yuanToFen("12,34")).toThrow(InvalidInputError);
    expect(() => yuanToFen("")).toThrow(InvalidInputError);
    expect(() => parseFen("1.5")).toThrow(/whole number of fen/);
    expect(() => parseFen(-1)).toThrow(/negative/);
  });

  it("round-trips any fen amount through its yuan text", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen);
        expect(yuanToFen(formatYuan(fen))).toBe(fen);
        expect(parseFen(fen.toString())).toBe(fen);
      }),
    );
  });

  it("never accepts a string with more than two decimals", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 9 }), (whole, digit) => {
        expect(() => yuanToFen(`${whole}.00${digit}`)).toThrow(InvalidInputError);
      }),
    );
  });

  it("formats money for people", () => {
    expect(formatYuan(123456n)).toBe("¥1,234.56");
    expect(formatYuan(-5n)).toBe("-¥0.05");
    expect(formatYuan(1_000_000_000n)).toBe("¥10,000,000.00");
    expect(formatYuanShort(860_000_000_000n)).toBe("¥8.60 bn");
    expect(formatYuanShort(35_000_000n)).toBe("¥350.00 k");
  });

  it("rounds half up, as the contracts do", () => {
    expect(divRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divRoundHalfUp(4n, 10n)).toBe(0n);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const q = divRoundHalfUp(n, d);
        // |n/d − q| ≤ 1/2, ties up
        expect(2n * n >= (2n * q - 1n) * d && 2n * n < (2n * q + 1n) * d).toBe(true);
      }),
    );
  });
});
