import type { Economy } from "../economy/economy.js";
import type { Scenario } from "../scenario/schema.js";
import type { World } from "../world.js";
import type { ShockBook } from "./books.js";

/**
 * The data feed posts the weekly sales of borrowers with open flexible-repayment loans (弹性还款),
 * as their business made them (the season, shocks, their own noise): two weeks running more than
 * 40% below the last normal week earn a grace period on chain instead of a default.
 */
export function installDataFeed(world: World, scenario: Scenario, shocks: ShockBook, economy: Economy): void {
  const { calendar, contracts } = world;
  const feed = world.ofKind("data-feed")[0]?.address;
  if (!feed || !scenario.lending) return;
  const flexibleGroups = new Set(
    scenario.lending.demand
      .filter((d) => scenario.lending!.products.find((p) => p.id === d.product)?.flexible)
      .flatMap((d) => d.borrowers),
  );
  const borrowers = [...flexibleGroups].flatMap((g) => world.members(g));

  // Each Monday: the past week's sales of every borrower with an open flexible-repayment loan.
  world.dayHooks.push((day) => {
    if (calendar.weekday(day) !== "mon" || borrowers.length === 0) return;
    const week = calendar.week(day) - 1;
    if (week < 0) return;
    world.later(0, "close", () =>
      borrowers
        .filter((b) => shocks.monitored.has(b.address.toLowerCase()))
        .map((b) => {
          const key = b.address.toLowerCase();
          const sales = ((economy.firm(key)?.salesLastWeek ?? 0n) / 100n) * 100n;
          return world.tx(contracts.loans, feed, "postWeeklySales", [b.address, week, sales], (o) => {
            const granted = o.ok ? world.event(o, "FlexibleGraceGranted") : undefined;
            if (granted) shocks.graceUntil.set(key, Number(granted.graceUntil as bigint));
          });
        }),
    );
  });
}
