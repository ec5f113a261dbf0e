import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatTypechain from "@nomicfoundation/hardhat-typechain";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatEthers, hardhatTypechain],
  solidity: {
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, viaIR: false },
  },
  paths: { sources: "contracts", tests: { solidity: "test/solidity" } },
  test: {
    solidity: {
      fuzz: { runs: 256, seed: "0x5cf" },
      invariant: { runs: 64, depth: 40, failOnRevert: false },
    },
  },
  networks: {
    default: { type: "edr-simulated", chainType: "l1", allowUnlimitedContractSize: false },
  },
});
