import type { World } from "../world.js";
import { Economy } from "./economy.js";
import { Firm } from "./firm.js";

/**
 * The firms of a scenario: suppliers of every tier (their normal revenue is their share of what
 * the tier below buys from them: the core enterprises' purchases, then each tier's upstream costs)
 * and every group with a `business` (distributors, merchants, cooperatives, farmers: each member
 * draws its annual sales).
 */
export function buildEconomy(world: World): Economy {
  const { scenario, calendar } = world;
  const rng = world.rng.fork("economy");
  const economy = new Economy(scenario, calendar, world, rng);
  const bufferDays = scenario.economy.cashBufferDays;
  const equityDays = scenario.economy.equityDays;
  const perYear = economy.businessDaysPerYear;
  const vouchers = scenario.vouchers;
  if (vouchers) {
    let tierRevenue = Number(vouchers.purchases) * scenario.flowScale;
    const tiers = [...new Set(scenario.participants.filter((g) => g.agent === "supplier").map((g) => g.tier!))].sort();
    for (const tier of tiers) {
      const behaviour = vouchers.byTier[String(tier)];
      const members = scenario.participants
        .filter((g) => g.agent === "supplier" && g.tier === tier)
        .flatMap((g) => world.members(g.id).map((p) => ({ p, group: g.id })));
      if (!behaviour || members.length === 0) continue;
      for (const { p, group } of members) {
        economy.add(
          new Firm(
            p.address.toLowerCase(),
            group,
            "supplier",
            tierRevenue / members.length,
            behaviour.margin,
            behaviour.fixedCosts,
            false,
            economy.seasonOf(undefined),
            rng.fork(`firm/${p.id}`),
            bufferDays,
            equityDays,
            perYear,
            tier,
          ),
        );
      }
      tierRevenue = tierRevenue * (1 - behaviour.margin) * behaviour.upstream;
    }
  }
  for (const g of scenario.participants) {
    if (!g.business || g.agent === "supplier") continue;
    const season = economy.seasonOf(g.business.season);
    for (const p of world.members(g.id)) {
      const firmRng = rng.fork(`firm/${p.id}`);
      const sales = g.business.sales ? Number(world.sample(firmRng, g.business.sales)) * scenario.flowScale : 0;
      economy.add(
        new Firm(
          p.address.toLowerCase(),
          g.id,
          g.agent,
          sales,
          g.business.margin,
          g.business.fixedCosts,
          true,
          season,
          firmRng,
          bufferDays,
          equityDays,
          perYear,
        ),
      );
    }
  }
  return economy;
}
