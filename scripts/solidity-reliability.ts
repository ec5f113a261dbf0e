// Runs the Solidity tests (unit, fuzz, invariant) under the reliability profile and records their
// figures in out/reliability/invariants.json. `npm run test:reliability:sol` runs it with
// SCF_RELIABILITY_PROFILE=long, which hardhat.config.ts turns into the "long" Solidity test profile:
// every invariant campaign at 1,000 runs x depth 100 (CI's default profile: 64 x 40).
// Exits non-zero if a test fails or a campaign ran fewer runs than the profile asks.
import { spawn } from "node:child_process";
import { PROFILE, recordFigures, sized } from "../test/reliability/record.js";

const runs = sized(64, 1000);
const depth = sized(40, 100);
const started = performance.now();
const output = await new Promise<string>((resolve) => {
  const child = spawn("hardhat", ["test", "solidity", ...process.argv.slice(2)], {
    env: { ...process.env, SCF_RELIABILITY_PROFILE: PROFILE },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    text += chunk.toString();
  });
  child.on("close", () => resolve(text));
});
const seconds = (performance.now() - started) / 1000;

const passing = Number(/(\d+) passing/.exec(output)?.[1] ?? 0);
const failing = Number(/(\d+) failing/.exec(output)?.[1] ?? 0);
const campaigns = [...output.matchAll(/invariant_\w+\(\) \(runs: (\d+)\)/g)].map((m) => Number(m[1]));
// The default profile lets a test file tune its own campaign (forge-config: default.…); the long
// profile must run every campaign in full.
const shortCampaigns = PROFILE === "long" ? campaigns.filter((r) => r < runs).length : 0;
const minutes = seconds >= 90 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(0)} s`;

recordFigures("invariants", [
  {
    name: `Solidity invariant campaigns at ${runs.toLocaleString("en")} runs x depth ${depth}`,
    value: `${campaigns.length - shortCampaigns} of ${campaigns.length}`,
    bar: `all (${PROFILE === "long" ? "long" : "CI"} profile)`,
    holds: campaigns.length > 0 && shortCampaigns === 0,
  },
  {
    name: "Solidity tests failing (unit, fuzz, invariant)",
    value: `${failing} of ${passing + failing}`,
    bar: "0",
    holds: failing === 0 && passing > 0,
  },
  { name: `Solidity test run, wall time (${PROFILE} profile)`, value: minutes, bar: "reported", holds: true },
]);
console.log(`\n${campaigns.length} invariant campaigns, ${passing} passing, ${failing} failing, ${minutes}`);
if (failing > 0 || passing === 0 || shortCampaigns > 0) process.exit(1);
