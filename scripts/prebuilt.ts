// Writes prebuilt/contracts.json: the compiled contracts a run deploys, under the fingerprint of the
// sources, so that a fresh clone runs without compiling. Run after changing a contract (npm test
// fails until then): npm run prebuilt
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import hre from "hardhat";
import { PREBUILT_CONTRACTS, PREBUILT_FILE, sourcesFingerprint, type Prebuilt } from "../src/chain/prebuilt.js";

await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
const artifacts: Prebuilt["artifacts"] = {};
for (const name of PREBUILT_CONTRACTS) {
  const { _format, contractName, sourceName, abi, bytecode, deployedBytecode, linkReferences, deployedLinkReferences } =
    await hre.artifacts.readArtifact(name);
  artifacts[name] = {
    _format,
    contractName,
    sourceName,
    abi,
    bytecode,
    deployedBytecode,
    linkReferences,
    deployedLinkReferences,
  };
}
const solc = hre.config.solidity.profiles.default?.compilers[0]?.version ?? "?";
const prebuilt: Prebuilt = { fingerprint: sourcesFingerprint(), solc, artifacts };
mkdirSync(dirname(PREBUILT_FILE), { recursive: true });
writeFileSync(PREBUILT_FILE, JSON.stringify(prebuilt) + "\n");
console.log(
  `prebuilt: ${PREBUILT_CONTRACTS.length} contracts, fingerprint ${prebuilt.fingerprint.slice(0, 12)} → ${PREBUILT_FILE}`,
);
