import { beijingMidnight } from "../calendar.js";
import type { Scenario } from "../scenario/schema.js";
import type { World } from "../world.js";
import type { ShockBook } from "./books.js";

/**
 * The data feed posts the weekly point-of-sale flow of borrowers with open flexible-repayment loans
 * (弹性还款). A scenario shock depresses the sales of a share of some groups for a while: two weeks
 * running below 60% of normal earn a grace period on chain instead of a default.
 */
export function installDataFeed(world: World, scenario: Scenario, shocks: ShockBook): void {
  const { calendar, contracts } = world;
  const feed = world.ofKind("data-feed")[0]?.address;
  const rural = scenario.rural;
  if (!feed || !scenario.lending || !rural) return;
  const rng = world.rng.fork("data-feed");
  const flexibleGroups = new Set(
    scenario.lending.demand
      .filter((d) => scenario.lending!.products.find((p) => p.id === d.product)?.flexible)
      .flatMap((d) => d.borrowers),
  );
  const borrowers = [...flexibleGroups].flatMap((g) => world.members(g));
  const base = new Map(borrowers.map((b) => [b.address.toLowerCase(), world.sample(rng, rural.weeklySales)]));

  for (const shock of scenario.shocks) {
    const from = calendar.dayOf(beijingMidnight(shock.from));
    const to = calendar.dayOf(beijingMidnight(shock.to));
    for (const member of world.membersOf(shock.groups)) {
      if (rng.chance(shock.share)) shocks.shocked.set(member.address.toLowerCase(), { from, to, drop: shock.drop });
    }
  }

  // Each Monday: the past week's sales of every borrower with an open flexible-repayment loan.
  world.dayHooks.push((day) => {
    if (calendar.weekday(day) !== "mon" || borrowers.length === 0) return;
    const week = calendar.week(day);
    world.later(0, "close", () =>
      borrowers
        .filter((b) => shocks.monitored.has(b.address.toLowerCase()))
        .map((b) => {
          const key = b.address.toLowerCase();
          const shock = shocks.shocked.get(key);
          const depressed = shock !== undefined && day >= shock.from && day < shock.to;
          const noise = rng.between(0.9, 1.1) * (depressed ? 1 - shock!.drop : 1);
          const sales = (BigInt(Math.round(Number(base.get(key)!) * noise)) / 100n) * 100n;
          return world.tx(contracts.loans, feed, "postWeeklySales", [b.address, week, sales], (o) => {
            const granted = o.ok ? world.event(o, "FlexibleGraceGranted") : undefined;
            if (granted) shocks.graceUntil.set(key, Number(granted.graceUntil as bigint));
          });
        }),
    );
  });
}
