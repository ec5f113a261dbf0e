// Hardhat's EVM (EDR) ships its native code as optional packages whose `engines` says Node >= 22.
// When npm itself runs on an older system Node it silently skips them; this postinstall step runs
// on the project's Node 22 (node_modules/.bin first on PATH) and installs them again if missing.
const { execSync } = require("node:child_process");

function edrLoads() {
  try {
    require("@nomicfoundation/edr");
    return true;
  } catch {
    return false;
  }
}

if (process.env.SCF_SKIP_ENSURE_EDR === "1") process.exit(0);
try {
  require.resolve("@nomicfoundation/edr");
} catch {
  process.exit(0); // not installed yet (e.g. a partial install): nothing to repair
}
if (!edrLoads()) {
  console.log(`ensure-edr: EDR native binding missing under Node ${process.version}; reinstalling it`);
  execSync("npm install --no-save --ignore-scripts --no-audit --no-fund", {
    stdio: "inherit",
    env: { ...process.env, SCF_SKIP_ENSURE_EDR: "1" },
  });
  if (!edrLoads()) {
    console.error("ensure-edr: EDR still does not load; run `npm ci` with Node >= 22 on PATH");
    process.exit(1);
  }
}
