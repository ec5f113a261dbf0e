import { Contract, Interface, type BaseContract, type Provider } from "ethers";
import { encodeCall } from "./abi.js";
import type { TxRequest } from "./sender.js";

/**
 * Builds a transaction request for `contract.method(...args)` sent by `from`.
 * @example sender.send(txOf(ecny, alice, "transfer", [bob, 100n]))
 */
export function txOf(
  contract: BaseContract,
  from: string,
  method: string,
  args: readonly unknown[],
  label?: string,
): TxRequest {
  return {
    from,
    to: contract.target as string,
    data: encodeCall(contract.interface, method, args),
    label: label ?? method,
  };
}

/** A contract handle for views (and typed through the generated typechain type `T`). */
export function handle<T extends BaseContract>(
  address: string,
  abi: Interface | readonly unknown[],
  provider: Provider,
): T {
  return new Contract(address, abi as never, provider) as unknown as T;
}
