import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress } from "ethers";
import { describe, expect, it } from "vitest";
import { DEFAULT_MEMBERS_FILE, admissionId, loadMembers } from "../../deploy/members.js";

const dir = mkdtempSync(join(tmpdir(), "scf-members-"));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};
const member = (id: string, address: string, role = "Supplier") => ({ id, address, role, name: `${id} Ltd` });

describe("the members file of the ConsortiumMembers Ignition module", () => {
  it("reads the shipped example: known roles, checksummed addresses", () => {
    const members = loadMembers(DEFAULT_MEMBERS_FILE);
    expect(members.map((m) => m.role)).toContain("CoreEnterprise");
    expect(members.filter((m) => m.role === "OperatorBank")).toHaveLength(2);
    for (const m of members) expect(m.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it("checksums a lower-case address", () => {
    const [m] = loadMembers(file("lower.json", { members: [member("mill", "0x" + "ab".repeat(20))] }));
    expect(m.address).toBe(getAddress("0x" + "ab".repeat(20)));
  });

  it("refuses an id or an address that appears twice", () => {
    const a = "0x" + "11".repeat(20);
    const b = "0x" + "22".repeat(20);
    expect(() => loadMembers(file("dup-id.json", { members: [member("mill", a), member("mill", b)] }))).toThrow(
      /id mill appears twice/,
    );
    expect(() => loadMembers(file("dup-address.json", { members: [member("mill", a), member("yard", a)] }))).toThrow(
      /appears twice/,
    );
  });

  it("names every problem of a malformed file, with the file", () => {
    const bad = file("bad.json", { members: [{ id: "Mill", address: "0x12", role: "Baker", name: "" }] });
    expect(() => loadMembers(bad)).toThrow(/bad\.json: .*members\.0\.id.*members\.0\.address.*members\.0\.role/);
  });

  it("names each admission step after the member id, as Ignition ids allow", () => {
    expect(admissionId({ id: "steel-group" })).toBe("admit_steel_group");
  });
});
