import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { getAddress, isAddress } from "ethers";
import { z } from "zod";
import { ROLES, type RoleName } from "../src/domain/roles.js";

/** The members file `ConsortiumMembers.ts` admits when `CONSORTIUM_MEMBERS` names none. */
export const DEFAULT_MEMBERS_FILE = "deploy/members.example.json";

const ADMISSIBLE_ROLES = ROLES.filter((r): r is RoleName => r !== "None");

const memberSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, "lower-case letters, digits and dashes, starting with a letter")
    .describe("Stable id: names the admission step in the Ignition journal, so never reuse one"),
  address: z
    .string()
    .refine((a) => isAddress(a), "not an Ethereum address")
    .transform((a) => getAddress(a)),
  role: z.enum(ADMISSIBLE_ROLES as [RoleName, ...RoleName[]]),
  name: z.string().trim().min(1).max(200),
});

const membersFileSchema = z.strictObject({
  $comment: z.string().optional(),
  members: z.array(memberSchema),
});

/** One organisation's account to admit: its role and display name. */
export type MemberToAdmit = z.infer<typeof memberSchema>;

/**
 * Reads and checks a members file: well-formed addresses, known roles, no id or address twice.
 * Throws one error naming the file and every problem found.
 * @param path the JSON file, relative to the working directory or absolute.
 * @example loadMembers("deploy/members.example.json")[0] // { id: "pboc", role: "CentralBank", … }
 */
export function loadMembers(path: string): MemberToAdmit[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(path), "utf8"));
  } catch (cause) {
    throw new Error(`members file ${path}: ${(cause as Error).message}`, { cause });
  }
  const parsed = membersFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`members file ${path}: ${problems.join("; ")}`);
  }
  const members = parsed.data.members;
  const seen = new Set<string>();
  for (const m of members) {
    for (const key of [`id ${m.id}`, `address ${m.address}`]) {
      if (seen.has(key)) throw new Error(`members file ${path}: ${key} appears twice`);
      seen.add(key);
    }
  }
  return members;
}

/** The Ignition future id of a member's admission (`admit_steel_group` for `steel-group`). */
export function admissionId(member: Pick<MemberToAdmit, "id">): string {
  return `admit_${member.id.replaceAll("-", "_")}`;
}
