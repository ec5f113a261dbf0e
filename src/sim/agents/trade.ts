import { keccak256, toUtf8Bytes } from "ethers";
import { divRoundHalfUp } from "../../domain/money.js";
import type { OrderFlow, PaymentFlow } from "../scenario/schema.js";
import type { World } from "../world.js";
import type { LendingDesk } from "./lending.js";
import { businessDaysIn } from "./pacing.js";

/**
 * Goods bought and delivered, paid in e-CNY. Buyers who use programmable payment lock the price
 * for the order (货到自动付款) and the logistics member's delivery confirmation pays the seller in
 * the same transaction; a few deliveries fail and the buyer takes its money back after the
 * deadline. The others settle the old way: on delivery the buyer schedules the payment for the
 * usual settlement delay (3 days), and the seller collects it when due. On delivery the seller pays
 * the carrier its freight in e-CNY (round half up to the fen).
 */
export function installTradeAgents(world: World, payments: PaymentFlow, lending?: LendingDesk): void {
  const flows: [string, OrderFlow | undefined][] = [
    ["steel", payments.steelOrders],
    ["market", payments.market],
  ];
  for (const [name, flow] of flows) if (flow) installOrderFlow(world, name, flow, payments, lending);
}

function installOrderFlow(
  world: World,
  name: string,
  flow: OrderFlow,
  payments: PaymentFlow,
  lending: LendingDesk | undefined,
): void {
  const { calendar, contracts, scenario } = world;
  const { escrow } = contracts;
  const rng = world.rng.fork(`orders/${name}`);
  const buyers = world.membersOf(flow.buyers);
  const sellers = world.membersOf(flow.sellers);
  const logistics = world.ofKind("logistics");
  const businessDaysPerMonth =
    businessDaysIn(calendar, 0, Math.min(calendar.days, 365)) / (Math.min(calendar.days, 365) / 30.4);
  const perBuyerPerDay = (flow.perBuyerPerMonth * scenario.flowScale) / businessDaysPerMonth;
  let counter = 0;

  /** The seller pays the carrier its freight in e-CNY once the goods are delivered (end of day). */
  const payFreight = (seller: string, carrier: string, amount: bigint) => {
    const fee = divRoundHalfUp(amount * BigInt(flow.freight), 10_000n);
    if (fee === 0n) return;
    world.engine.at(world.engine.today, "close", () => [
      ...world.fund(seller, fee),
      world.tx(world.contracts.ecny, seller, "transfer", [carrier, fee]),
    ]);
  };

  world.dayHooks.push((day) => {
    if (!calendar.isBusinessDay(day)) return;
    for (const buyer of buyers) {
      // Whole orders for the expected count, plus one more with the fractional probability.
      let orders = Math.floor(perBuyerPerDay);
      if (rng.chance(perBuyerPerDay - orders)) orders += 1;
      for (let i = 0; i < orders; i++) {
        const seller = rng.pick(sellers);
        if (seller.address === buyer.address) continue;
        const amount = world.sample(rng, flow.amount);
        const carrier = rng.pick(logistics).address;
        const deliveryDay = calendar.nextBusinessDay(day + rng.int(flow.deliveryDays[0], flow.deliveryDays[1]));
        const deadlineDay = deliveryDay + 3;
        const ref = keccak256(toUtf8Bytes(`${scenario.name}/${name}/waybill/${++counter}`));
        const delivered = !rng.chance(flow.undelivered);
        lending?.orderPlaced(buyer.address, amount);
        if (rng.chance(flow.adoption ?? payments.eCnyAdoption)) {
          world.later(0, "trade", () => [
            ...world.fund(buyer.address, amount),
            world.tx(
              escrow,
              buyer.address,
              "lockForDelivery",
              [seller.address, amount, ref, calendar.midnight(deadlineDay), carrier],
              (o) => {
                if (!o.ok) return;
                const orderId = world.event(o, "OrderLocked")!.orderId as bigint;
                if (delivered && deliveryDay < calendar.days) {
                  world.engine.at(deliveryDay, "respond", () =>
                    world.tx(escrow, carrier, "confirmDelivery", [orderId, ref], (c) => {
                      if (c.ok) payFreight(seller.address, carrier, amount);
                    }),
                  );
                } else if (!delivered && deadlineDay < calendar.days) {
                  world.engine.at(deadlineDay, "close", () => world.tx(escrow, buyer.address, "refund", [orderId]));
                }
              },
            ),
          ]);
        } else if (delivered && deliveryDay < calendar.days) {
          const dueDay = deliveryDay + Math.round(payments.baselineSettlementDays);
          world.engine.at(deliveryDay, "respond", () => {
            payFreight(seller.address, carrier, amount);
            return [
              ...world.fund(buyer.address, amount),
              world.tx(
                escrow,
                buyer.address,
                "schedulePayment",
                [seller.address, amount, calendar.at(dueDay, 9), ref],
                (o) => {
                  if (!o.ok || dueDay >= calendar.days) return;
                  const scheduleId = world.event(o, "PaymentScheduled")!.scheduleId as bigint;
                  world.engine.at(dueDay, "approve", () =>
                    world.tx(escrow, seller.address, "releaseScheduled", [scheduleId]),
                  );
                },
              ),
            ];
          });
        }
      }
    }
  });
}
