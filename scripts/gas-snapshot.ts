// Writes the measured gas figures to snapshots/gas.json (after a deliberate change in gas).
import { readFileSync, writeFileSync } from "node:fs";
import { measureVoucherGas, snapshotFigures } from "../src/bench/gas.js";

const path = "snapshots/gas.json";
const snapshot = JSON.parse(readFileSync(path, "utf8")) as { figures: Record<string, number> };
const gas = await measureVoucherGas();
snapshot.figures = snapshotFigures(gas);
writeFileSync(path, JSON.stringify(snapshot, null, 2) + "\n");
console.log(`gas snapshot: ${JSON.stringify(snapshot.figures)} → ${path}`);
