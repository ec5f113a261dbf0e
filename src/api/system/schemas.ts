import { z } from "zod";

/** Request schemas of the system routes. */

export const EventsQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(1000))
    .optional()
    .describe("At most this many events (1–1000, default 50)"),
  before: z
    .string()
    .regex(/^\d{1,12}(-\d{1,6})?$/, 'must be an event id "block-logIndex" or a block number')
    .optional()
    .describe('Only events before this one: an event id ("57-3") or a block number (the `next` cursor of a page)'),
  kind: z
    .enum(["business", "all"])
    .optional()
    .describe('"business" leaves out token bookkeeping (mints, value moves, approvals); default "all"'),
});

export const StreamQuery = z.object({
  kind: z.enum(["business", "all"]).optional().describe('"business" leaves out token bookkeeping; default "all"'),
});

export const ClockBody = z
  .strictObject({ days: z.number().int().min(1).max(3_650).describe("Days to move the project clock forward") })
  .describe("The platform operator moves the project clock (to show maturity, clearing and defaults)");
