import { DAY } from "../../chain/clock.js";
import { WALLET_CATEGORIES } from "../../domain/roles.js";
import { orderOf } from "../../service/lookup.js";
import type { ReadInput, WriteInput } from "../http.js";
import { page } from "../schemas.js";
import { orderView, viewContext, writeView } from "../views.js";
import type {
  AllowanceBody,
  ConfirmBody,
  OrderBody,
  OrderListQuery,
  OrderParams,
  PaymentBody,
  WalletParams,
} from "./schemas.js";

/** GET /wallets/:participantId: balance (indexed), category, caps and today's spending (wallet view). */
export async function getWallet({ params, service }: ReadInput<typeof WalletParams>) {
  const party = service.directory.member(params.participantId);
  const a = party.address.toLowerCase();
  const w = await service.deployment.contracts.ecny.walletOf(party.address);
  const indexed = service.state.wallets.get(a);
  return {
    participant: party,
    balanceFen: (service.state.ecny.balances.get(a) ?? 0n).toString(),
    open: indexed !== undefined,
    category: WALLET_CATEGORIES[Number(w.category)] ?? "None",
    frozen: indexed?.frozen ?? false,
    bank: indexed ? service.directory.party(indexed.bank) : null,
    caps: {
      perPaymentFen: w.caps.perPayment.toString(),
      dailyFen: w.caps.daily.toString(),
      balanceFen: w.caps.balance.toString(),
    },
    spentTodayFen: w.spentToday.toString(),
  };
}

/** POST /payments */
export async function pay({ body, actor, service }: WriteInput<undefined, typeof PaymentBody>) {
  const w = await service.payments.pay(actor, body.to, body.amountFen);
  const balance = (a: string) => (service.state.ecny.balances.get(a) ?? 0n).toString();
  return writeView(service, w, (v) => ({
    from: service.directory.party(v.from),
    to: service.directory.party(v.to),
    amountFen: body.amountFen.toString(),
    balances: { fromFen: balance(v.from), toFen: balance(v.to) },
  }));
}

/** POST /allowances */
export async function allow({ body, actor, service }: WriteInput<undefined, typeof AllowanceBody>) {
  const w = await service.payments.allow(actor, body.spender, body.amountFen);
  const allowance = await service.deployment.contracts.ecny.allowance(
    actor.address,
    service.deployment.addresses[body.spender],
  );
  return writeView(service, w, (v) => ({
    owner: service.directory.party(v.owner),
    spender: v.spender,
    allowanceFen: allowance.toString(),
  }));
}

/** GET /orders: newest first. */
export async function listOrders({ query, service }: ReadInput<undefined, typeof OrderListQuery>) {
  const ctx = await viewContext(service);
  const who = query.participant ? service.directory.member(query.participant).address.toLowerCase() : undefined;
  const orders = [...ctx.state.orders.values()]
    .filter((o) => !query.status || o.status === query.status)
    .filter((o) => !who || o.buyer === who || o.seller === who || o.logistics === who)
    .reverse();
  const { items, total } = page(orders, query);
  return { total, orders: items.map((o) => orderView(ctx, o)) };
}

/** GET /orders/:id */
export async function getOrder({ params, service }: ReadInput<typeof OrderParams>) {
  const ctx = await viewContext(service);
  return orderView(ctx, orderOf(ctx.state, params.id));
}

/** POST /orders */
export async function lockOrder({ body, actor, service }: WriteInput<undefined, typeof OrderBody>) {
  const deadline = body.deadline ?? (await service.now()) + (body.deadlineDays ?? 0) * Number(DAY);
  const w = await service.payments.lockOrder(actor, { ...body, deadline });
  const ctx = await viewContext(service);
  return writeView(service, w, (o) => orderView(ctx, o));
}

/** POST /orders/:id/confirm */
export async function confirmDelivery({
  params,
  body,
  actor,
  service,
}: WriteInput<typeof OrderParams, typeof ConfirmBody>) {
  const w = await service.payments.confirmDelivery(actor, params.id, body.deliveryRef);
  const ctx = await viewContext(service);
  return writeView(service, w, (o) => orderView(ctx, o));
}

/** POST /orders/:id/refund */
export async function refundOrder({ params, actor, service }: WriteInput<typeof OrderParams>) {
  const w = await service.payments.refund(actor, params.id);
  const ctx = await viewContext(service);
  return writeView(service, w, (o) => orderView(ctx, o));
}
