import { getAddress, isAddress } from "ethers";
import type { Cast, Participant } from "../chain/cast.js";
import { NotFoundError } from "../domain/errors.js";
import type { LedgerState } from "../ledger/state.js";

/** Who an address is, as the API shows it. */
export interface Party {
  /** The participant id of the cast, or the checksummed address for anyone else. */
  id: string;
  name: string;
  nameZh?: string;
  /** The consortium role, "Contract" for a project contract, "Unknown" for anyone else. */
  role: string;
  address: string;
}

/**
 * Resolves participants by id or address: the deployment's cast (with names in both languages and
 * dev keys), and any other member the indexer has seen admitted (e.g. by the operator from MetaMask).
 */
export class Directory {
  constructor(
    private readonly cast: Cast,
    private readonly state: LedgerState,
  ) {}

  /** Every participant of the cast, then every other indexed member. */
  all(): Party[] {
    const parties = this.cast.all.map((p) => this.party(p.address));
    for (const address of this.state.members.keys()) {
      if (!this.cast.byAddress(address)) parties.push(this.party(address));
    }
    return parties;
  }

  /** Who an address is; never throws (an unknown address gets a short name). */
  party(address: string): Party {
    const p = this.cast.byAddress(address);
    if (p)
      return { id: p.id, name: p.name, ...(p.nameZh ? { nameZh: p.nameZh } : {}), role: p.role, address: p.address };
    const a = address.toLowerCase();
    const checksummed = isAddress(a) ? getAddress(a) : address;
    const member = this.state.members.get(a);
    if (member) return { id: checksummed, ...splitName(member.name), role: member.role, address: checksummed };
    const contract = this.state.systemContracts.get(a);
    return {
      id: checksummed,
      name: contract ?? this.state.nameOf(a),
      role: contract ? "Contract" : "Unknown",
      address: checksummed,
    };
  }

  /**
   * A member named by participant id or address; 404 for anyone who is not (or never was) a member.
   * @example directory.member("rolling-mill").address
   */
  member(ref: string, what = "participant"): Party {
    const p = this.cast.find(ref) ?? (isAddress(ref) ? this.cast.byAddress(ref) : undefined);
    if (p) return this.party(p.address);
    if (isAddress(ref) && this.state.members.has(ref.toLowerCase())) return this.party(ref);
    throw new NotFoundError(`There is no ${what} "${ref}" in this consortium.`, { [what]: ref });
  }

  /** A participant of the cast (one whose key the service holds), by id or address; 404 otherwise. */
  participant(ref: string): Participant {
    const p = this.cast.find(ref) ?? (isAddress(ref) ? this.cast.byAddress(ref) : undefined);
    if (!p) throw new NotFoundError(`There is no participant "${ref}" in this consortium.`, { participant: ref });
    return p;
  }

  get participants(): Participant[] {
    return this.cast.all;
  }
}

/** Members are admitted on chain as "丰润轧钢厂 Fengrun Rolling Mill": the Chinese and English names. */
export function splitName(onChain: string): { name: string; nameZh?: string } {
  const match = /^(\S*[\u3400-\u9fff]\S*)\s+(.+)$/u.exec(onChain);
  return match ? { name: match[2], nameZh: match[1] } : { name: onChain };
}
