import type { RuralFlow } from "../scenario/schema.js";
import type { World } from "../world.js";
import type { RightsBook } from "./books.js";
import { businessDaysIn, Pacer } from "./pacing.js";

const KIND_ID = { LandManagement: 0, Forest: 1, Aquaculture: 2 } as const;
const KIND_ZH = { LandManagement: "土地经营权", Forest: "林权", Aquaculture: "养殖权" } as const;
const COUNTIES = ["容城县", "安新县", "雄县"];
const VILLAGES = ["大河村", "北张村", "小里村", "西牛村", "东垒头村", "端村", "王家寨", "圈头村", "龙湾村", "米家务村"];

/**
 * The Xiong'an rural side: the registry authority registers land, forest and aquaculture rights
 * (三权确权) for cooperatives and farmers, and an appraiser values each (评估), paced so that the
 * rights valued on chain reach the scenario's figure over the registration window. Registered
 * rights become pledgeable for the rural loan products.
 */
export function installRuralAgents(world: World, flow: RuralFlow, rights: RightsBook): void {
  const { calendar, contracts, scenario } = world;
  const rng = world.rng.fork("rural");
  const registry = world.ofKind("registry")[0].address;
  const appraisers = world.ofKind("appraiser");
  const holders = world.membersOf(flow.holders);
  const counts = new Map<string, number>();
  const kinds = Object.entries(flow.kinds).filter(([, w]) => w > 0) as [keyof typeof KIND_ID, number][];
  const [from, to] = [flow.registrationDays[0], Math.min(flow.registrationDays[1], calendar.days)];
  const perDay = (Number(flow.valued) * scenario.flowScale) / Math.max(1, businessDaysIn(calendar, from, to));
  let certificate = 0;

  const nextRight = () => {
    const [kind] = rng.weighted(kinds, ([, w]) => w);
    const areaMu = rng.between(flow.areaMu[0], flow.areaMu[1]);
    const value =
      BigInt(Math.round((Number(flow.valuePerMu[kind] ?? 0n) * areaMu * rng.between(0.85, 1.15)) / 100_000)) * 100_000n;
    return { kind, areaCentiMu: BigInt(Math.round(areaMu * 100)), value };
  };
  const pacer = new Pacer(perDay, nextRight, (r) => (r.value > 0n ? r.value : 1n), "rights");

  world.dayHooks.push((day) => {
    if (day < from || day >= to || !calendar.isBusinessDay(day)) return;
    for (const right of pacer.due()) {
      const eligible = holders.filter((h) => (counts.get(h.id) ?? 0) < flow.rightsPerHolder[1]);
      if (eligible.length === 0 || right.value === 0n) continue;
      const holder = rng.pick(eligible);
      counts.set(holder.id, (counts.get(holder.id) ?? 0) + 1);
      const county = rng.pick(COUNTIES);
      const cert = `冀(${calendar.date(day).slice(0, 4)})${county}${KIND_ZH[right.kind]}第${String(++certificate).padStart(6, "0")}号`;
      const termStart = calendar.midnight(day);
      const termEnd = calendar.midnight(day) + rng.int(10, 30) * 365 * 86_400;
      const appraiser = rng.pick(appraisers).address;
      world.later(0, "trade", () =>
        world.tx(
          contracts.registry,
          registry,
          "register",
          [
            KIND_ID[right.kind],
            cert,
            county,
            rng.pick(VILLAGES),
            right.areaCentiMu,
            termStart,
            termEnd,
            holder.address,
          ],
          (o) => {
            if (!o.ok) return;
            const rightId = world.event(o, "RightRegistered")!.rightId as bigint;
            const validUntil = calendar.midnight(world.engine.today + flow.appraisalValidDays);
            world.later(0, "respond", () =>
              world.tx(contracts.registry, appraiser, "appraise", [rightId, right.value, validUntil], (a) => {
                if (!a.ok) return;
                rights.add({
                  rightId,
                  holder: holder.address,
                  kind: KIND_ID[right.kind],
                  valueFen: right.value,
                  validUntil,
                  termEnd,
                  pledged: false,
                });
              }),
            );
          },
        ),
      );
    }
  });
}
