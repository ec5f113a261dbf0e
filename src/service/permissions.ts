import type { Participant } from "../chain/cast.js";
import { ROLE_LABELS, ROLES, type RoleName } from "../domain/roles.js";
import { ForbiddenError } from "./errors.js";

/**
 * The role sets of the contracts, mirrored so that the service can refuse a request before sending
 * it (the contracts check again: they are the source of truth).
 */

/** Every role that may hold assets and act: all but the regulator (it reads everything, changes nothing). */
export const HOLDER_ROLES: readonly RoleName[] = ROLES.filter((r): r is RoleName => r !== "None" && r !== "Regulator");
/** Who may issue vouchers (with a credit line): VoucherLedger.issue. */
export const ISSUER_ROLES: readonly RoleName[] = ["CoreEnterprise", "Supplier", "Distributor"];
/** Who may finance vouchers, take pledges, publish loan products and lend. */
export const FINANCIER_ROLES: readonly RoleName[] = ["OperatorBank", "MicroLender"];
/** Who may borrow: LoanBook._borrowerRoles. */
export const BORROWER_ROLES: readonly RoleName[] = ["Farmer", "Supplier", "Distributor", "Merchant", "CoreEnterprise"];

/** "an operator bank or a micro-loan company" */
export function rolesInWords(roles: readonly RoleName[]): string {
  const words = roles.map((r) => `${/^[aeiou]/.test(ROLE_LABELS[r].en) ? "an" : "a"} ${ROLE_LABELS[r].en}`);
  return words.length <= 1 ? (words[0] ?? "nobody") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
}

/**
 * Refuses unless the actor's role is one of `allowed`.
 * @param action what the actor tries to do, as a verb phrase: "issue a voucher".
 * @example requireRole(actor, FINANCIER_ROLES, "approve financing")
 */
export function requireRole(actor: Participant, allowed: readonly RoleName[], action: string): void {
  if (allowed.includes(actor.role)) return;
  throw new ForbiddenError(
    `Only ${rolesInWords(allowed)} may ${action}; ${actor.name} is ${rolesInWords([actor.role])}.`,
    { participant: actor.id, role: actor.role, allowedRoles: [...allowed] },
  );
}

/**
 * Refuses unless the actor is the party of an object that may act on it.
 * @param party the address that may act; `who` says who that is: "the holder of token 1.2".
 * @example requireParty(actor, token.owner, "the holder of token 1.2", "split it")
 */
export function requireParty(actor: Participant, party: string | undefined, who: string, action: string): void {
  if (party && party.toLowerCase() === actor.address.toLowerCase()) return;
  throw new ForbiddenError(`Only ${who} may ${action}; ${actor.name} is not.`, { participant: actor.id });
}
