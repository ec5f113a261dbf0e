import { describe, expect, it } from "vitest";
import { AbiCoder, type ErrorFragment, type ParamType } from "ethers";
import { answerRevert, errorCode } from "../../src/api/reverts.js";
import { decodeRevertData, loadErrorInterface } from "../../src/chain/revert.js";

/** A plausible value of an ABI type, for a sample refusal (token ids are slot << 128 | n). */
function sample(type: ParamType): unknown {
  if (type.baseType === "address") return "0x00000000000000000000000000000000000000a1";
  if (type.baseType === "bool") return true;
  if (type.baseType === "string") return "130638-2026-000001";
  if (type.baseType.startsWith("bytes")) return "0x" + "ab".repeat(32);
  if (type.baseType === "uint8") return 2n;
  if (type.name === "tokenId" || type.name.endsWith("TokenId")) return (3n << 128n) | 2n;
  if (type.baseType.startsWith("uint")) return 1_767_225_600n;
  throw new Error(`no sample for ${type.format()}`);
}

async function everyProjectError(): Promise<ErrorFragment[]> {
  const iface = await loadErrorInterface();
  const fragments: ErrorFragment[] = [];
  iface.forEachError((f) => fragments.push(f));
  return fragments;
}

const names = (address: unknown) => `participant ${String(address).slice(0, 6)}`;

describe("the API's answer to a contract's refusal", () => {
  it("gives every custom error of every project contract a status, a code and a full sentence", async () => {
    const fragments = await everyProjectError();
    expect(fragments.length).toBeGreaterThan(100);
    for (const fragment of fragments) {
      const data =
        fragment.selector + AbiCoder.defaultAbiCoder().encode(fragment.inputs, fragment.inputs.map(sample)).slice(2);
      const revert = await decodeRevertData(data);
      expect(revert.name).toBe(fragment.name);
      const answer = answerRevert(revert, undefined, names);
      expect([400, 403, 404, 409, 500], fragment.name).toContain(answer.status);
      expect(answer.message, fragment.name).toMatch(/[.!)]$/);
      expect(answer.message, fragment.name).not.toMatch(/undefined|NaN|\[object /);
      if (answer.status !== 500 && fragment.name !== "Error") expect(answer.code).toBe(errorCode(fragment.name));
    }
  });

  it("says which values a refusal names, in yuan and Beijing dates", async () => {
    const iface = await loadErrorInterface();
    const data = iface.encodeErrorResult("ECNYInsufficientBalance", [
      "0x00000000000000000000000000000000000000a1",
      12_345n,
      100_000n,
    ]);
    const answer = answerRevert(await decodeRevertData(data), undefined, names);
    expect(answer).toMatchObject({ status: 409, code: "ECNY_INSUFFICIENT_BALANCE" });
    expect(answer.message).toContain("participant 0x0000");
    expect(answer.message).toContain("123.45");
    expect(answer.message).toContain("1,000");
  });

  it("answers an unknown selector and empty revert data without inventing a reason", async () => {
    const unknown = answerRevert(await decodeRevertData("0xdeadbeef"), undefined, names);
    expect(unknown).toMatchObject({ status: 409, code: "UNKNOWN_ERROR" });
    expect(unknown.message).toContain("UnknownError");
    const empty = answerRevert(await decodeRevertData("0x"), undefined, names);
    expect(empty).toMatchObject({ status: 409, code: "REVERTED" });
  });
});
