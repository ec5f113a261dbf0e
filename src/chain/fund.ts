import { formatUnits, toBeHex } from "ethers";
import { ScfError } from "../domain/errors.js";
import type { Chain } from "./connect.js";
import { DEFAULT_GAS, gasPriceOf } from "./sender.js";

/** Gas an account should be able to pay for before a run: 25 transactions at the default gas limit. */
export const FUNDING_GAS = 25n * DEFAULT_GAS;

/** What a development node gives an account that is short of gas money: 10,000 ETH. */
const DEV_BALANCE = 10_000n * 10n ** 18n;

/** `1.0` → `1`, `0.50` → `0.5`. */
const trim = (decimal: string) => (decimal.includes(".") ? decimal.replace(/0+$/, "").replace(/\.$/, "") : decimal);

/**
 * Makes sure that every account of a cast can pay for its gas. On a zero-gas-price chain (the
 * consortium's own chains, in process or not) there is nothing to do. Otherwise every account needs
 * at least {@link FUNDING_GAS} at the fee the chain layer offers: on a development node that lets us
 * set balances (`hardhat_setBalance`, `anvil_setBalance`) the short ones get 10,000 ETH; elsewhere
 * the run stops with one line that names the accounts to fund and how much each needs.
 * @example await fundCast(chain, deployment.cast.all.map((p) => p.address));
 */
export async function fundCast(chain: Chain, accounts: string[]): Promise<void> {
  const { gasPrice, maxFeePerGas } = await gasPriceOf(chain);
  if (maxFeePerGas === 0n) return;
  const need = maxFeePerGas * FUNDING_GAS;
  const balances = await Promise.all(
    accounts.map(async (a) =>
      BigInt((await chain.rpc.request({ method: "eth_getBalance", params: [a, "latest"] })) as string),
    ),
  );
  const short = accounts.filter((_, i) => balances[i] < need);
  if (short.length === 0) return;
  const setBalance = chain.devMethods.setBalance;
  if (setBalance) {
    const balance = toBeHex(need > DEV_BALANCE ? need : DEV_BALANCE);
    for (const account of short) await chain.rpc.request({ method: setBalance, params: [account, balance] });
    return;
  }
  throw new ScfError(
    "GAS_MONEY_NEEDED",
    `${short.length} account${short.length === 1 ? "" : "s"} need${short.length === 1 ? "s" : ""} gas money on this chain ` +
      `(gas price ${trim(formatUnits(gasPrice, "gwei"))} gwei): fund ${short.length === 1 ? "" : "each of "}${short.join(", ")} ` +
      `with at least ${trim(formatUnits(need, "ether"))} ETH, or run a zero-gas-price chain`,
    { details: { accounts: short, minimumWei: need.toString(), gasPriceWei: gasPrice.toString() } },
  );
}
