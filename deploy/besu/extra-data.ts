/**
 * The QBFT genesis `extraData` for the validators in deploy/besu/validators.json, computed the way
 * `besu rlp encode --from=validators.json --type=QBFT_EXTRA_DATA` computes it:
 * RLP([32 zero bytes of vanity, [validator addresses], no vote, round 0, no seals]).
 * Prints it; with `--check`, exits non-zero unless genesis.json carries exactly that value.
 * (The encoding reproduces the example of the Besu QBFT documentation byte for byte.)
 *
 * @example npx tsx deploy/besu/extra-data.ts --check
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ZeroHash, encodeRlp, isAddress } from "ethers";

/** RLP extraData of a QBFT genesis block whose validators are `validators` (block header validator selection). */
export function qbftExtraData(validators: readonly string[]): string {
  for (const v of validators) if (!isAddress(v)) throw new Error(`not a validator address: ${v}`);
  const sorted = validators.map((v) => v.toLowerCase()).sort();
  if (new Set(sorted).size !== sorted.length) throw new Error("a validator appears twice");
  return encodeRlp([ZeroHash, sorted, [], "0x", []]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const here = dirname(fileURLToPath(import.meta.url));
  const validators: string[] = JSON.parse(readFileSync(join(here, "validators.json"), "utf8"));
  const extraData = qbftExtraData(validators);
  console.log(extraData);
  if (process.argv.includes("--check")) {
    const genesis = JSON.parse(readFileSync(join(here, "genesis.json"), "utf8")) as { extraData: string };
    if (genesis.extraData.toLowerCase() !== extraData) {
      console.error("genesis.json extraData does not match validators.json: paste the line above into it");
      process.exitCode = 1;
    } else {
      console.error(`genesis.json extraData matches the ${validators.length} validators of validators.json`);
    }
  }
}
