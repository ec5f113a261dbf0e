import type { Lesson } from "../types.js";
import { Y, days, t, yuan } from "./common.js";

const REBAR = yuan("86,400"); // 20 t of rebar at ¥4,320 a tonne
const CEMENT = yuan("12,600"); // 30 t of cement at ¥420 a tonne
const TILES_TOO_MUCH = yuan("2,600");
const TILES = yuan("1,800");
const REFUND_TO_SHOPPER = yuan("7,000");

const WAYBILL_REBAR = "TSPL-260302-0458 (20 t rebar, Tangshan → Xiong'an)";
const WAYBILL_WRONG = "TSPL-260302-0459 (another load)";
const WAYBILL_CEMENT = "TSPL-260302-0502 (30 t cement)";
const WAYBILL_TILES = "XAMKT-260302-0031 (floor tiles, market delivery)";

/** 货到自动付款: e-CNY locked by the buyer, released by the logistics member's confirmation. */
export const payOnDelivery: Lesson = {
  name: "pay-on-delivery",
  title: t("Pay on delivery in e-CNY", "数字人民币货到自动付款"),
  summary: t(
    "A Xiong'an building-materials store locks e-CNY for 20 t of rebar; the logistics firm's confirmation with the waybill pays the distributor in the same transaction. An undelivered cement order goes back to the buyer after its deadline. An anonymous wallet meets its caps.",
    "雄安一家建材商户为 20 吨螺纹钢锁定数字人民币；物流公司凭运单确认送达，经销商在同一笔交易中收款。一笔未送达的水泥订单过截止时间后退回买方。匿名钱包触及限额。",
  ),
  instrument: t(
    "Digital yuan (数字人民币, e-CNY) is central-bank money held in wallets that operator banks open; here an ERC-20 where 1 unit = 1 fen. Programmable payment (可编程支付) puts a condition on money: the buyer locks the price in an escrow contract, naming the seller, the logistics firm that may confirm and the waybill reference; the confirmation pays the seller in the same transaction, and if nothing is delivered by the deadline the buyer gets the money back. In a Xiong'an building-materials market this took settlement from about 3 days to real time. Wallets have caps by identity strength: an anonymous (category 4) wallet pays at most ¥2,000 at a time, ¥5,000 a day, and holds at most ¥10,000.",
    "数字人民币是由运营银行开立钱包、由央行发行的法定货币；这里实现为 ERC-20，1 个单位 = 1 分。可编程支付给资金附加条件：买方把货款锁定在托管合约中，指定卖方、可确认送达的物流方和运单号；物流方确认送达即在同一笔交易中向卖方付款，截止时间前未送达则退回买方。雄安某建材市场采用后，结算从约 3 天缩短为实时。钱包按实名强度分类设限：匿名(四类)钱包单笔不超过 2,000 元、日累计不超过 5,000 元、余额不超过 10,000 元。",
  ),
  lifecycle: t(
    "Order: lockForDelivery → Open ─confirmDelivery (right waybill, before the deadline)→ Released (seller paid) | ─refund (from the deadline)→ Refunded (buyer repaid). Never both, never twice.",
    "订单：锁定 lockForDelivery → 待送达 Open ─确认送达 confirmDelivery(运单正确、截止前)→ 已放款 Released(卖方收款) | ─退款 refund(截止后)→ 已退款 Refunded(买方收回)。不会两者都发生，也不会发生两次。",
  ),
  stored: t(
    "An order stores buyer, seller, amount, the waybill's hash, the deadline and the logistics member. The confirmation takes only (order, waybill): the seller and the amount cannot be changed by whoever confirms.",
    "订单存储买方、卖方、金额、运单哈希、截止时间和物流方。确认交易只需输入(订单号、运单号)：确认方无法更改收款方或金额。",
  ),
  actors: [
    { id: "merchant", part: t("buyer: a store in the Xiong'an building-materials market", "买方：雄安建材市场商户") },
    { id: "distributor", part: t("seller: a Tangshan building-materials distributor", "卖方：唐山建材经销商") },
    { id: "logistics", part: t("carrier that confirms delivery with the waybill", "承运方，凭运单确认送达") },
    { id: "shopper", part: t("a market customer with an anonymous (category 4) wallet", "持匿名(四类)钱包的市场顾客") },
  ],
  steps: [
    {
      title: t("The store locks the price of the rebar", "商户锁定螺纹钢货款"),
      explain: t(
        `The store orders 20 t of rebar (${Y(REBAR)}) from the Tangshan distributor. It locks the money in the escrow: it leaves the store's wallet now, but the distributor gets it only when Tangshan Port Logistics confirms delivery of waybill ${WAYBILL_REBAR}, within 3 days.`,
        `商户向唐山经销商订购 20 吨螺纹钢(${Y(REBAR)})。货款锁定在托管合约中：现在就从商户钱包划出，但只有唐山港物流在 3 天内确认运单 ${WAYBILL_REBAR} 送达，经销商才能收款。`,
      ),
      actor: "merchant",
      contract: "escrow",
      method: "lockForDelivery",
      args: (c) => [c.addr("distributor"), REBAR, c.ref(WAYBILL_REBAR), c.now + days(3), c.addr("logistics")],
      capture: { rebarOrder: "OrderLocked.orderId" },
    },
    {
      title: t("A confirmation with the wrong waybill is refused", "运单号不符的确认被拒绝"),
      clock: { days: 1, why: t("the truck arrives the next morning", "货车次日上午到达") },
      explain: t(
        "At the gate the driver's paperwork gets mixed up and the carrier confirms with another load's waybill. The escrow compares it with the one the buyer named.",
        "到货时单据混淆，承运方用另一车货的运单号确认。托管合约将其与买方指定的运单比对。",
      ),
      actor: "logistics",
      contract: "escrow",
      method: "confirmDelivery",
      args: (c) => [c.get("rebarOrder"), c.ref(WAYBILL_WRONG)],
      refusal: {
        error: "EscrowDeliveryRefMismatch",
        rule: t(
          "Money follows the goods the buyer ordered: only the waybill the buyer named releases it, so a confirmation cannot pay for a different load.",
          "资金跟随买方订购的货物：只有买方指定的运单才能放款，确认不能替另一车货付款。",
        ),
      },
    },
    {
      title: t("Delivery confirmed: the distributor is paid at once", "确认送达：经销商即时收款"),
      explain: t(
        "With the right waybill the confirmation releases the money to the distributor in the same transaction: no invoice chasing, no three-day wait.",
        "使用正确的运单确认后，货款在同一笔交易中付给经销商：无需催款，也无需等三天。",
      ),
      actor: "logistics",
      contract: "escrow",
      method: "confirmDelivery",
      args: (c) => [c.get("rebarOrder"), c.ref(WAYBILL_REBAR)],
      watch: ["merchant", "distributor"],
    },
    {
      title: t("The store locks the price of the cement", "商户锁定水泥货款"),
      explain: t(
        `A second order: 30 t of cement, ${Y(CEMENT)}, to be delivered within 2 days.`,
        `第二笔订单：30 吨水泥，${Y(CEMENT)}，2 天内送达。`,
      ),
      actor: "merchant",
      contract: "escrow",
      method: "lockForDelivery",
      args: (c) => [c.addr("distributor"), CEMENT, c.ref(WAYBILL_CEMENT), c.now + days(2), c.addr("logistics")],
      capture: { cementOrder: "OrderLocked.orderId", cementDeadline: "OrderLocked.deadline" },
    },
    {
      title: t("No refund before the deadline", "截止前不能退款"),
      explain: t(
        "The store grows impatient and asks for its money back the same day.",
        "商户等得不耐烦，当天就要求退款。",
      ),
      actor: "merchant",
      contract: "escrow",
      method: "refund",
      args: (c) => [c.get("cementOrder")],
      refusal: {
        error: "EscrowDeadlineNotReached",
        rule: t(
          "The seller is promised the money if it delivers in time: the buyer cannot pull it back while delivery is still possible.",
          "卖方得到的承诺是按时送达即可收款：在仍可能送达期间，买方不能撤回资金。",
        ),
      },
    },
    {
      title: t("Undelivered by the deadline: the money goes back", "逾期未送达：货款退回"),
      clock: {
        to: (c) => c.get("cementDeadline"),
        why: t("the cement order's deadline passes without delivery", "水泥订单截止时间已到，仍未送达"),
      },
      explain: t(
        "The cement never left the plant. From the deadline on, the money returns to the store (any member may trigger it; the store does).",
        "水泥一直没有出厂。截止时间一到，货款退回商户(任何成员均可触发，这里由商户自己发起)。",
      ),
      actor: "merchant",
      contract: "escrow",
      method: "refund",
      args: (c) => [c.get("cementOrder")],
    },
    {
      title: t("A late confirmation finds nothing to pay", "迟到的确认无款可付"),
      explain: t(
        "The cement finally arrives and the carrier confirms the original waybill.",
        "水泥终于送到，承运方用原运单确认送达。",
      ),
      actor: "logistics",
      contract: "escrow",
      method: "confirmDelivery",
      args: (c) => [c.get("cementOrder"), c.ref(WAYBILL_CEMENT)],
      refusal: {
        error: "EscrowNotOpen",
        rule: t(
          "An order is settled once: refunded money cannot also be paid out (never both, never twice). Late goods need a new order.",
          "订单只结算一次：已退回的钱不能再付出(不会两者都发生，也不会发生两次)。迟到的货物需要新订单。",
        ),
      },
    },
    {
      title: t("An anonymous wallet hits its per-payment cap", "匿名钱包触及单笔限额"),
      explain: t(
        `Li Na, a market customer with an anonymous (category 4) wallet, orders floor tiles for ${Y(TILES_TOO_MUCH)} on delivery.`,
        `市场顾客李娜使用匿名(四类)钱包，货到付款订购 ${Y(TILES_TOO_MUCH)} 的地砖。`,
      ),
      actor: "shopper",
      contract: "escrow",
      method: "lockForDelivery",
      args: (c) => [c.addr("merchant"), TILES_TOO_MUCH, c.ref(WAYBILL_TILES), c.now + days(1), c.addr("logistics")],
      refusal: {
        error: "ECNYPerPaymentCapExceeded",
        rule: t(
          "An anonymous wallet, opened with a phone number only, pays at most ¥2,000 at a time: anti-money-laundering caps apply to every movement, including those made by contracts.",
          "匿名钱包仅凭手机号开立，单笔支付不超过 2,000 元：反洗钱限额适用于每一笔资金移动，包括合约发起的移动。",
        ),
      },
    },
    {
      title: t("Within the cap the order goes through", "限额内订单成功"),
      explain: t(`She takes fewer tiles: ${Y(TILES)}, within the cap.`, `她减少数量：${Y(TILES)}，在限额之内。`),
      actor: "shopper",
      contract: "escrow",
      method: "lockForDelivery",
      args: (c) => [c.addr("merchant"), TILES, c.ref(WAYBILL_TILES), c.now + days(1), c.addr("logistics")],
      capture: { tilesOrder: "OrderLocked.orderId" },
    },
    {
      title: t("The tiles are delivered", "地砖送达"),
      explain: t("The carrier confirms; the store is paid.", "承运方确认送达，商户收款。"),
      actor: "logistics",
      contract: "escrow",
      method: "confirmDelivery",
      args: (c) => [c.get("tilesOrder"), c.ref(WAYBILL_TILES)],
    },
    {
      title: t("An anonymous wallet cannot hold more than ¥10,000", "匿名钱包余额不能超过 1 万元"),
      explain: t(
        `The store owes Li Na ${Y(REFUND_TO_SHOPPER)} for a cancelled kitchen order and tries to pay it back to her wallet.`,
        `商户因一笔取消的厨房订单欠李娜 ${Y(REFUND_TO_SHOPPER)}，尝试退回她的钱包。`,
      ),
      actor: "merchant",
      contract: "ecny",
      method: "transfer",
      args: (c) => [c.addr("shopper"), REFUND_TO_SHOPPER],
      refusal: {
        error: "ECNYBalanceCapExceeded",
        rule: t(
          "An anonymous wallet holds at most ¥10,000; to receive more she must upgrade to a verified, bank-linked wallet (¥500,000). The cap binds the receiver, so no payer can push her over it.",
          "匿名钱包余额上限 1 万元；要收更多，她须升级为实名并绑定银行账户的钱包(上限 50 万元)。该上限约束收款方，任何付款方都无法让她超限。",
        ),
      },
    },
  ],
};
