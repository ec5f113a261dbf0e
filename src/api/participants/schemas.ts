import { z } from "zod";
import { participantRef } from "../schemas.js";

/** Request schemas of the participant routes. */
export const ParticipantParams = z.strictObject({ id: participantRef });
