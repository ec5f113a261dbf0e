import { Interface, getAddress, keccak256, toUtf8Bytes } from "ethers";
import type { ReferenceERC3525 } from "../../types/ethers-contracts/index.js";
import { readArtifact } from "../chain/artifacts.js";
import type { ParticipantSpec, WalletSpec } from "../chain/cast.js";
import { DAY } from "../chain/clock.js";
import { TX_GAS_CAP, createInProcessChain } from "../chain/connect.js";
import { deployConsortium } from "../chain/deploy.js";
import { handle, txOf } from "../chain/handles.js";
import type { TxOutcome, TxRequest } from "../chain/sender.js";
import { InvalidInputError, ScfError } from "../domain/errors.js";

/** Gas of the voucher ledger's hot paths, each as a whole transaction (receipt `gasUsed`). */
export interface VoucherGas {
  /** `VoucherLedger.split` of a piece to a member who holds nothing of the voucher yet. */
  splitGas: bigint;
  /** The ERC-3525 reference implementation's `transferFrom(fromTokenId, to, value)` to a new token id. */
  referenceSplitGas: bigint;
  /** One `clear(slotId, holders)` page paying every holder, divided by the number of holders. */
  clearingGasPerHolder: bigint;
  /** Holders paid by that clearing page. */
  holders: number;
  /** splitGas / referenceSplitGas. */
  splitRatio: number;
  /** `VoucherFinancing.requestFinancing` of a piece of a token, to an operator bank. */
  financingRequestGas: bigint;
  /** `VoucherFinancing.approveFinancing` of that request: the split to the bank and the proceeds paid. */
  financingApprovalGas: bigint;
}

/** The figures `snapshots/gas.json` lists (npm test fails if one grows by more than its tolerance). */
export function snapshotFigures(gas: VoucherGas): Record<string, number> {
  return {
    "voucher split to a new member": Number(gas.splitGas),
    "voucher clearing, per holder (page of 400)": Number(gas.clearingGasPerHolder),
    "voucher financing request": Number(gas.financingRequestGas),
    "voucher financing approval": Number(gas.financingApprovalGas),
  };
}

const START = new Date("2026-01-05T09:00:00+08:00");
/** Value of each holder's piece: ¥1,000, in fen. */
const PIECE = 1_000_00n;
/** Face of the voucher whose piece is financed: two pieces. */
const FINANCED_FACE = 2n * PIECE;
/** Splits sent per block while preparing the clearing (blocks of 100–1,000 are the fastest on EDR). */
const BLOCK = 500;
/** Most holders one clearing page may pay within a transaction's gas cap (EIP-7825) at ~24,000 gas each. */
const MAX_HOLDERS = 600;

/**
 * Measures, on a fresh in-process chain, the gas of a voucher split beside the ERC-3525 reference
 * implementation (`contracts/bench/ReferenceERC3525.sol`, deployed next to the consortium) and the gas
 * per holder of clearing: one voucher is split to `holders` members (admitted, with open e-CNY wallets),
 * repaid, and cleared at maturity in ONE `clear(slotId, holders)` page. Gas figures, not timings: the
 * same code always gives the same numbers. Financing is measured on a second voucher: a piece of it
 * asked for by its holder and bought by the bank (`requestFinancing`, then `approveFinancing`).
 * @param holders holders of the cleared voucher, 2 to 600; default 400.
 * @example const { splitGas, referenceSplitGas, clearingGasPerHolder } = await measureVoucherGas();
 */
export async function measureVoucherGas(holders = 400): Promise<VoucherGas> {
  if (!Number.isSafeInteger(holders) || holders < 2 || holders > MAX_HOLDERS) {
    throw new InvalidInputError(`holders must be a whole number from 2 to ${MAX_HOLDERS}, got ${holders}`);
  }
  const face = PIECE * BigInt(holders);
  const chain = await createInProcessChain({ automine: false, startTime: START });
  try {
    const corporate = (cap: bigint): WalletSpec => ({
      category: "Corporate",
      caps: { perPayment: cap, daily: cap, balance: cap },
    });
    const specs: ParticipantSpec[] = [
      { id: "operator", name: "platform operator", role: "PlatformOperator" },
      { id: "pboc", name: "central bank", role: "CentralBank" },
      {
        id: "bank",
        name: "operator bank",
        role: "OperatorBank",
        quotaFen: face + PIECE,
        wallet: corporate(face),
        initialFen: PIECE, // what it pays for the financed piece
      },
      { id: "core", name: "core enterprise", role: "CoreEnterprise", wallet: corporate(face), initialFen: face },
      ...Array.from({ length: holders }, (_, i) => ({
        id: `holder-${i}`,
        name: `supplier ${i}`,
        role: "Supplier" as const,
        wallet: corporate(face),
      })),
    ];
    const d = await deployConsortium(chain, specs);
    const { vouchers } = d.contracts;
    const at = (id: string) => d.cast.get(id).address;
    const holder = (i: number) => at(`holder-${i}`);

    let time = await d.contracts.consortium.currentTime();
    const block = async (requests: TxRequest[], timestamp = time + 1n): Promise<TxOutcome[]> => {
      time = timestamp;
      const outcomes = await d.sender.sendBlock(requests, { timestamp });
      const failed = outcomes.find((o) => !o.ok);
      if (failed) {
        throw new ScfError(
          "BENCH_FAILED",
          `gas benchmark step "${failed.request.label}" reverted: ${failed.revert?.name}`,
          {
            details: { revert: failed.revert },
          },
        );
      }
      return outcomes;
    };

    // one voucher of `holders` pieces to holder-0, who keeps one piece and splits the others away
    await block([txOf(vouchers, at("bank"), "setCreditLine", [at("core"), face + FINANCED_FACE], "credit line")]);
    const maturity = time + 30n * DAY;
    const trade = keccak256(toUtf8Bytes("gas benchmark"));
    await block([txOf(vouchers, at("core"), "issue", [holder(0), face, maturity, trade], "issue")]);
    const slotId = await vouchers.voucherOfTrade(trade);
    await block([txOf(vouchers, holder(0), "acceptIssuance", [slotId], "accept")]);
    const firstToken = (slotId << 32n) | 1n;
    const split = (i: number) => txOf(vouchers, holder(0), "split", [firstToken, holder(i), PIECE], `split ${i}`);

    // the measured split: to holder-1, a member without any token of the voucher
    const [ours] = await block([split(1)]);

    // the reference, side by side: mint the same face, then split a piece to holder-1 (a new token id)
    const artifact = await readArtifact("ReferenceERC3525");
    const deployData = artifact.bytecode + new Interface(artifact.abi).encodeDeploy([]).slice(2);
    const [deployed] = await block([{ from: at("operator"), data: deployData, label: "deploy ReferenceERC3525" }]);
    if (!deployed.contractAddress) throw new ScfError("BENCH_FAILED", "ReferenceERC3525 was not deployed");
    const reference = handle<ReferenceERC3525>(getAddress(deployed.contractAddress), artifact.abi, chain.provider);
    await block([txOf(reference, holder(0), "mint", [holder(0), slotId, face], "reference mint")]);
    const referenceToken = await reference.tokenOfOwnerByIndex(holder(0), 0n);
    const [theirs] = await block([
      txOf(
        reference,
        holder(0),
        "transferFrom(uint256,address,uint256)",
        [referenceToken, holder(1), PIECE],
        "reference split",
      ),
    ]);

    // financing, on a second voucher (the first one's tokens are the clearing page): holder-1 sells a
    // piece of it to the bank
    const financed = keccak256(toUtf8Bytes("gas benchmark, financing"));
    await block([txOf(vouchers, at("core"), "issue", [holder(1), FINANCED_FACE, maturity, financed], "issue 2")]);
    const financedSlot = await vouchers.voucherOfTrade(financed);
    await block([txOf(vouchers, holder(1), "acceptIssuance", [financedSlot], "accept 2")]);
    const { financing } = d.contracts;
    const [request] = await block([
      txOf(
        financing,
        holder(1),
        "requestFinancing",
        [(financedSlot << 32n) | 1n, PIECE, at("bank"), 365n, false],
        "request financing",
      ),
    ]);
    const requestId = await financing.requestCount(); // the request just made is the latest
    const [approval] = await block([txOf(financing, at("bank"), "approveFinancing", [requestId], "approve financing")]);

    // the other holders, then repayment and one clearing page at maturity
    for (let start = 2; start < holders; start += BLOCK) {
      const end = Math.min(start + BLOCK, holders);
      await block(Array.from({ length: end - start }, (_, k) => split(start + k)));
    }
    await block([txOf(vouchers, at("core"), "repay", [slotId], "repay")]);
    const clear: TxRequest = {
      ...txOf(vouchers, at("operator"), "clear", [slotId, BigInt(holders)], "clear"),
      gas: TX_GAS_CAP,
    };
    const [cleared] = await block([clear], maturity);
    const voucher = await vouchers.voucherOf(slotId);
    if (voucher.tokenCount !== BigInt(holders) || voucher.cleared !== face) {
      throw new ScfError("BENCH_FAILED", "the clearing page did not pay every holder", {
        details: { tokenCount: voucher.tokenCount, cleared: voucher.cleared, face },
      });
    }

    return {
      splitGas: ours.gasUsed,
      referenceSplitGas: theirs.gasUsed,
      clearingGasPerHolder: cleared.gasUsed / BigInt(holders),
      holders,
      splitRatio: Number(ours.gasUsed) / Number(theirs.gasUsed),
      financingRequestGas: request.gasUsed,
      financingApprovalGas: approval.gasUsed,
    };
  } finally {
    await chain.close();
  }
}
