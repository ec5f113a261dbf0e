import { DAY } from "../chain/clock.js";
import { yuanToFen } from "../domain/money.js";
import { eventArg } from "./lookup.js";
import type { ScfService } from "./service.js";

/**
 * The small story a fresh `scf serve` starts with, so the dashboard is not empty: the lead bank
 * grants the steel group a credit line, the steel group confirms a ¥10,000,000 debt to the rolling
 * mill (180 days), the mill accepts it and splits ¥3,000,000 to the scrap recycler (tier 2). Every
 * step is an ordinary API write, signed by the participant's own key. Needs the demo cast.
 */
export async function seedStory(service: ScfService): Promise<void> {
  const who = (id: string) => service.directory.participant(id);
  const [bank, steel, mill, recycler] = ["lead-bank", "steel-group", "rolling-mill", "scrap-recycler"].map(who);
  await service.vouchers.setCreditLine(bank, steel.id, yuanToFen("200,000,000"));
  const issued = await service.vouchers.issue(steel, {
    payee: mill.id,
    amountFen: yuanToFen("10,000,000"),
    maturity: (await service.now()) + 180 * Number(DAY),
    tradeRef: "HBIS-RM-2026-0001 rebar billets, invoice 13001, waybill TS-0001",
  });
  const slotId = issued.value.slotId;
  const accepted = await service.vouchers.accept(mill, slotId);
  const millToken = eventArg(accepted.events, "VoucherAccepted", "tokenId");
  await service.vouchers.split(mill, millToken, recycler.id, yuanToFen("3,000,000"));
}
