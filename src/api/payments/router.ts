import { read, write, type ApiRoute } from "../http.js";
import * as h from "./handlers.js";
import * as s from "./schemas.js";

const tag = "e-CNY and pay on delivery";

/** e-CNY wallets and payments (数字人民币), pay on delivery (货到自动付款). */
export const paymentRoutes: ApiRoute[] = [
  read({
    tag,
    path: "/wallets/:participantId",
    operationId: "getWallet",
    summary: "A participant's e-CNY wallet: balance, category, caps, today's spending",
    params: s.WalletParams,
    handler: h.getWallet,
  }),
  write({
    tag,
    path: "/payments",
    operationId: "pay",
    summary: "Pay e-CNY to another member",
    body: s.PaymentBody,
    status: 201,
    handler: h.pay,
  }),
  write({
    tag,
    path: "/allowances",
    operationId: "allow",
    summary: "Allow a project contract (the loan book) to take e-CNY from one's wallet",
    body: s.AllowanceBody,
    handler: h.allow,
  }),
  read({
    tag,
    path: "/orders",
    operationId: "listOrders",
    summary: "Pay-on-delivery orders, newest first",
    query: s.OrderListQuery,
    handler: h.listOrders,
  }),
  read({
    tag,
    path: "/orders/:id",
    operationId: "getOrder",
    summary: "A pay-on-delivery order",
    params: s.OrderParams,
    handler: h.getOrder,
  }),
  write({
    tag,
    path: "/orders",
    operationId: "lockOrder",
    summary: "Lock e-CNY for an order, paid on confirmed delivery (the buyer)",
    body: s.OrderBody,
    status: 201,
    handler: h.lockOrder,
  }),
  write({
    tag,
    path: "/orders/:id/confirm",
    operationId: "confirmDelivery",
    summary: "Confirm delivery: the seller is paid at once (the order's logistics member)",
    params: s.OrderParams,
    body: s.ConfirmBody,
    handler: h.confirmDelivery,
  }),
  write({
    tag,
    path: "/orders/:id/refund",
    operationId: "refundOrder",
    summary: "Return the money of an undelivered order from its deadline on (any member but the regulator)",
    params: s.OrderParams,
    handler: h.refundOrder,
  }),
];
