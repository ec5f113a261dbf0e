import { createHash, randomBytes } from "node:crypto";
import type { Participant } from "../chain/cast.js";

/**
 * The participants' development API tokens: `scf_` + 32 random bytes in hex, one per participant,
 * new at every start. Only their SHA-256 digests are kept for lookup, so a lookup takes the same
 * time whatever the token.
 */
export class ApiTokens {
  private readonly byDigest = new Map<string, Participant>();
  /** Participant id → token (printed at start and written to the manifest). */
  readonly byParticipant = new Map<string, string>();

  /**
   * Gives every participant a fresh random token.
   * @example const tokens = ApiTokens.generate(deployment.cast.all); tokens.byParticipant.get("rolling-mill")
   */
  static generate(participants: readonly Participant[]): ApiTokens {
    const tokens = new ApiTokens();
    for (const p of participants) tokens.add(p, `scf_${randomBytes(32).toString("hex")}`);
    return tokens;
  }

  /**
   * Tokens kept from an earlier start (participant id → token); participants without one get a
   * fresh token.
   */
  static restore(participants: readonly Participant[], saved: Record<string, string>): ApiTokens {
    const tokens = new ApiTokens();
    for (const p of participants) tokens.add(p, saved[p.id] ?? `scf_${randomBytes(32).toString("hex")}`);
    return tokens;
  }

  add(participant: Participant, token: string): void {
    this.byDigest.set(digest(token), participant);
    this.byParticipant.set(participant.id, token);
  }

  /** The participant a token belongs to, or undefined. */
  participantOf(token: string): Participant | undefined {
    return this.byDigest.get(digest(token));
  }
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
