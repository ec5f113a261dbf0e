import type { Lesson } from "../types.js";
import { clearingAtMaturity } from "./clearing-at-maturity.js";
import { defaultAnd4321 } from "./default-and-4321.js";
import { financeAtABank } from "./finance-at-a-bank.js";
import { payOnDelivery } from "./pay-on-delivery.js";
import { pledgeALandRight } from "./pledge-a-land-right.js";
import { splitThreeTiers } from "./split-three-tiers.js";
import { whatTheRulesPrevent } from "./what-the-rules-prevent.js";
import { whySplittingMatters } from "./why-splitting-matters.js";

/** The classroom's lessons, in teaching order. */
export const LESSONS: readonly Lesson[] = [
  splitThreeTiers,
  financeAtABank,
  whySplittingMatters,
  clearingAtMaturity,
  payOnDelivery,
  pledgeALandRight,
  defaultAnd4321,
  whatTheRulesPrevent,
];
