import type { Party } from "../../service/directory.js";
import type { ScfService } from "../../service/service.js";
import type { ReadInput } from "../http.js";
import { participantView, portfolioView, viewContext } from "../views.js";
import type { ParticipantParams } from "./schemas.js";

/** GET /participants: every participant with its role, membership and e-CNY wallet. */
export async function listParticipants({ service }: ReadInput) {
  const ctx = await viewContext(service);
  return { participants: service.directory.all().map((p) => participantView(ctx, p)) };
}

/** GET /participants/:id: a participant and everything it holds or owes. */
export async function getParticipant({ params, service }: ReadInput<typeof ParticipantParams>) {
  return detail(service, service.directory.member(params.id));
}

/** GET /me: the participant of the bearer token. */
export async function getMe({ actor, service }: ReadInput) {
  return detail(service, service.directory.party(actor!.address));
}

async function detail(service: ScfService, party: Party) {
  const ctx = await viewContext(service);
  const portfolio = portfolioView(ctx, party);
  if (portfolio.creditLine) {
    const outstanding = await service.deployment.contracts.vouchers.outstandingOf(party.address);
    return {
      ...participantView(ctx, party),
      portfolio: { ...portfolio, creditLine: { ...portfolio.creditLine, outstandingFen: outstanding.toString() } },
    };
  }
  return { ...participantView(ctx, party), portfolio };
}
