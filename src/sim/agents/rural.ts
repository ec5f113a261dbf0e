import type { Participant } from "../../chain/cast.js";
import type { RuralFlow } from "../scenario/schema.js";
import type { World } from "../world.js";
import type { RightsBook } from "./books.js";

const KIND_ID = { LandManagement: 0, Forest: 1, Aquaculture: 2 } as const;
const KIND_ZH = { LandManagement: "土地经营权", Forest: "林权", Aquaculture: "养殖权" } as const;
const COUNTIES = ["容城县", "安新县", "雄县"];
const VILLAGES = ["大河村", "北张村", "小里村", "西牛村", "东垒头村", "端村", "王家寨", "圈头村", "龙湾村", "米家务村"];

/** What the lenders may ask of the registry: register a parcel for a holder who needs a pledge. */
export interface RuralDesk {
  registerFor(holder: string): void;
}

interface Parcel {
  holder: Participant;
  kind: keyof typeof KIND_ID;
  areaCentiMu: bigint;
  value: bigint;
  /** Day the registration campaign reaches it, if it does in the window. */
  campaignDay?: number;
  registered: boolean;
}

/**
 * The Xiong'an rural side: every cooperative and farmer holds a few parcels of land, forest and
 * aquaculture rights (its endowment: count, kind, area and value per mu are inputs). The registry
 * authority registers them (三权确权) in a campaign over the registration window — the economy's
 * registrationShare of the parcels, each on a random business day — and an appraiser values each
 * (评估). A holder that needs a pledge loan and has no registered right asks for one of its parcels
 * to be registered at once. Appraised rights become pledgeable for the rural loan products.
 */
export function installRuralAgents(world: World, flow: RuralFlow, rights: RightsBook): RuralDesk {
  const { calendar, contracts, scenario } = world;
  const rng = world.rng.fork("rural");
  const registry = world.ofKind("registry")[0].address;
  const appraisers = world.ofKind("appraiser");
  const holders = world.membersOf(flow.holders);
  const kinds = Object.entries(flow.kinds).filter(([, w]) => w > 0) as [keyof typeof KIND_ID, number][];
  const [from, to] = [flow.registrationDays[0], Math.min(flow.registrationDays[1], calendar.days)];
  const windowDays: number[] = [];
  for (let d = from; d < to; d++) if (calendar.isBusinessDay(d)) windowDays.push(d);
  const share = Math.min(1, scenario.economy.registrationShare);
  let certificate = 0;

  const parcelsOf = new Map<string, Parcel[]>();
  const byDay = new Map<number, Parcel[]>();
  for (const holder of holders) {
    const list: Parcel[] = [];
    const count = Math.max(
      1,
      Math.round(rng.int(flow.rightsPerHolder[0], flow.rightsPerHolder[1]) * scenario.flowScale),
    );
    for (let i = 0; i < count && kinds.length > 0; i++) {
      const [kind] = rng.weighted(kinds, ([, w]) => w);
      const areaMu = rng.between(flow.areaMu[0], flow.areaMu[1]);
      const value =
        BigInt(Math.round((Number(flow.valuePerMu[kind] ?? 0n) * areaMu * rng.between(0.85, 1.15)) / 100_000)) *
        100_000n;
      const parcel: Parcel = { holder, kind, areaCentiMu: BigInt(Math.round(areaMu * 100)), value, registered: false };
      if (windowDays.length > 0 && value > 0n && rng.chance(share)) {
        parcel.campaignDay = rng.pick(windowDays);
        const list = byDay.get(parcel.campaignDay) ?? [];
        list.push(parcel);
        byDay.set(parcel.campaignDay, list);
      }
      list.push(parcel);
    }
    parcelsOf.set(holder.address.toLowerCase(), list);
  }

  const register = (parcel: Parcel) => {
    if (parcel.registered) return;
    parcel.registered = true;
    const day = world.engine.today;
    const { holder } = parcel;
    const county = rng.pick(COUNTIES);
    const cert = `冀(${calendar.date(day).slice(0, 4)})${county}${KIND_ZH[parcel.kind]}第${String(++certificate).padStart(6, "0")}号`;
    const termStart = calendar.midnight(day);
    const termEnd = calendar.midnight(day) + rng.int(10, 30) * 365 * 86_400;
    const appraiser = rng.pick(appraisers).address;
    const village = rng.pick(VILLAGES);
    world.later(0, "trade", () =>
      world.tx(
        contracts.registry,
        registry,
        "register",
        [KIND_ID[parcel.kind], cert, county, village, parcel.areaCentiMu, termStart, termEnd, holder.address],
        (o) => {
          if (!o.ok) return;
          const rightId = world.event(o, "RightRegistered")!.rightId as bigint;
          const validUntil = calendar.midnight(world.engine.today + flow.appraisalValidDays);
          world.later(0, "respond", () =>
            world.tx(contracts.registry, appraiser, "appraise", [rightId, parcel.value, validUntil], (a) => {
              if (!a.ok) return;
              rights.add({
                rightId,
                holder: holder.address,
                kind: KIND_ID[parcel.kind],
                valueFen: parcel.value,
                validUntil,
                termEnd,
                pledged: false,
              });
            }),
          );
        },
      ),
    );
  };

  world.dayHooks.push((day) => {
    for (const parcel of byDay.get(day) ?? []) register(parcel);
    byDay.delete(day);
  });

  return {
    registerFor(holder) {
      const parcels = parcelsOf.get(holder.toLowerCase()) ?? [];
      const waiting = parcels.filter((p) => !p.registered && p.value > 0n);
      if (waiting.length === 0) return;
      register(waiting.reduce((best, p) => (p.value > best.value ? p : best)));
    },
  };
}
