import { createRequire } from "node:module";
import { configVariable, defineConfig } from "hardhat/config";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatIgnition from "@nomicfoundation/hardhat-ignition";
import hardhatTypechain from "@nomicfoundation/hardhat-typechain";

const require = createRequire(import.meta.url);

// Solidity test profiles. "default" (CI, `npm test`): invariant campaigns of 64 runs x depth 40, and
// the `forge-config: default.…` lines in a test file tune that one campaign. "long" (the reliability
// profile, `SCF_RELIABILITY_PROFILE=long` or `npm run test:reliability:sol`): 1,000 x 100 for every
// campaign; those `default.` lines do not apply to it. The environment variable selects the profile
// through Hardhat's own HARDHAT_TEST_PROFILE (an explicit --test-profile still wins).
const fuzz = { runs: 256, seed: "0x5cf" };
if (process.env.SCF_RELIABILITY_PROFILE === "long") process.env.HARDHAT_TEST_PROFILE ??= "long";

export default defineConfig({
  plugins: [hardhatEthers, hardhatTypechain, hardhatIgnition],
  solidity: {
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, viaIR: false },
  },
  // ignition: deployment modules in deploy/modules, deployment records in deploy/deployments/chain-<id>
  paths: { sources: "contracts", tests: { solidity: "test/solidity" }, ignition: "deploy" },
  test: {
    solidity: {
      profiles: {
        default: { fuzz, invariant: { runs: 64, depth: 40, failOnRevert: false } },
        long: { fuzz, invariant: { runs: 1000, depth: 100, failOnRevert: false } },
      },
    },
  },
  // QBFT blocks are final once added (no reorgs), so one confirmation is enough (Ignition's default: 5).
  ignition: { requiredConfirmations: 1 },
  networks: {
    default: { type: "edr-simulated", chainType: "l1", allowUnlimitedContractSize: false },
    // A real consortium chain (docs/consortium.md): the URL of your organisation's own node and the
    // platform operator's key, both read from environment variables when used, never from the repo.
    consortium: {
      type: "http",
      chainType: "l1",
      url: configVariable("CONSORTIUM_RPC_URL"),
      accounts: [configVariable("CONSORTIUM_OPERATOR_KEY")],
    },
  },
});
