import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { roleId } from "../../src/domain/roles.js";
import { DEFAULT_MEMBERS_FILE, admissionId, loadMembers } from "../members.js";
import ConsortiumModule from "./Consortium.js";

/**
 * Admits the members listed in a members file (`CONSORTIUM_MEMBERS`, default
 * deploy/members.example.json), one `Consortium.admit` per member, signed by the platform operator
 * (account 0). It uses the `Consortium` module, so deploying it on a fresh chain deploys the
 * contracts first, and on a deployed chain only admits.
 *
 * The list is read when the module is built (Ignition needs to know every step in advance; a
 * module parameter cannot be iterated). Each step is named after the member's id: append members
 * to the file and run the same command again, and Ignition sends only the new admissions.
 * Wallets, quotas and e-CNY are signed by the central bank and the operator banks with their own
 * keys, not here: see docs/consortium.md.
 *
 * @example CONSORTIUM_MEMBERS=deploy/members.json npx hardhat ignition deploy deploy/modules/ConsortiumMembers.ts --network consortium --parameters deploy/parameters.json
 */
export default buildModule("ConsortiumMembers", (m) => {
  const { consortium } = m.useModule(ConsortiumModule);
  const operator = m.getAccount(0);
  for (const member of loadMembers(process.env.CONSORTIUM_MEMBERS ?? DEFAULT_MEMBERS_FILE)) {
    m.call(consortium, "admit", [member.address, roleId(member.role), member.name], {
      id: admissionId(member),
      from: operator,
    });
  }
  return { consortium };
});
