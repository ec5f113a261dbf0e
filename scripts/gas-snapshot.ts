// Writes the measured gas figures to snapshots/gas.json (after a deliberate change in gas).
import { readFileSync, writeFileSync } from "node:fs";
import { measureVoucherGas } from "../src/bench/gas.js";

const path = "snapshots/gas.json";
const snapshot = JSON.parse(readFileSync(path, "utf8")) as { figures: Record<string, number> };
const gas = await measureVoucherGas();
snapshot.figures = {
  "voucher split to a new member": Number(gas.splitGas),
  "voucher clearing, per holder (page of 400)": Number(gas.clearingGasPerHolder),
};
writeFileSync(path, JSON.stringify(snapshot, null, 2) + "\n");
console.log(`gas snapshot: ${JSON.stringify(snapshot.figures)} → ${path}`);
