import { read, type ApiRoute } from "../http.js";
import * as h from "./handlers.js";
import * as s from "./schemas.js";

const tag = "Participants";

/** The consortium's members, and who the caller is. */
export const participantRoutes: ApiRoute[] = [
  read({
    tag,
    path: "/participants",
    operationId: "listParticipants",
    summary: "Every participant: role, membership, e-CNY balance and wallet",
    handler: h.listParticipants,
  }),
  read({
    tag,
    path: "/participants/:id",
    operationId: "getParticipant",
    summary: "A participant (by id or address) and its portfolio: tokens, vouchers, loans, rights, orders",
    params: s.ParticipantParams,
    handler: h.getParticipant,
  }),
  read({
    tag,
    path: "/me",
    operationId: "getMe",
    summary: "The participant of the bearer token, with its portfolio",
    auth: "required",
    handler: h.getMe,
  }),
];
