import { createHash } from "node:crypto";
import { jsonValue } from "../../src/api/format.js";
import type { ScfService } from "../../src/service/service.js";

/**
 * The ledger digest of the reliability tests: one hash of everything a write may change, so that a
 * refused request can be checked to have changed nothing.
 *
 * Two parts:
 * - **chain**: read from the contracts' views, all pinned to one block (`blockTag`) — every
 *   participant's and system contract's e-CNY wallet (balance, caps, spent today, frozen) and its
 *   allowance to the loan book, membership, credit line and weekly-sales state; every voucher and
 *   every token of it (value, owner, status, pledgee); every financing request, order, right (with
 *   its appraisal, lien and holder), product and loan (with any held surplus); the clock offset and
 *   the e-CNY supply.
 * - **service**: the service's indexed state (vouchers, tokens, requests, orders, rights, products,
 *   loans, indexed balances, number of events).
 *
 * Contract storage changes only in a mined block, and views pinned to a block answer the same every
 * time, so the chain part is a function of the latest block's hash: it is cached by that hash (a
 * request that mined anything, even a reverted transaction, gets a freshly read chain part). The
 * service part is hashed every time (a handler could change the index without the chain).
 */
export interface LedgerDigest {
  /** sha-256 of both parts. */
  hash: string;
  /** The latest block when it was taken. */
  block: number;
  blockHash: string;
  chain: string;
  service: string;
}

/** A digest taker for one service, with its cache of chain parts by block hash. */
export interface DigestTaker {
  /** The digest now (chain part from the cache when the latest block is one already read). */
  take(): Promise<LedgerDigest>;
  /** The chain part read afresh, bypassing the cache (to check the cache's premise). */
  chainUncached(): Promise<{ blockHash: string; chain: string }>;
  /** Reads the chain part afresh and compares it with the cached one of the same block: true when they agree. */
  verifyCache(): Promise<boolean>;
  /** How many chain parts were read from the contracts (cache misses). */
  readonly reads: number;
}

const sha = (value: unknown) =>
  createHash("sha256")
    .update(JSON.stringify(jsonValue(value)))
    .digest("hex");

/**
 * A digest taker for `service`.
 * @example const d = ledgerDigest(service); const before = await d.take(); … expect((await d.take()).hash).toBe(before.hash)
 */
export function ledgerDigest(service: ScfService): DigestTaker {
  const cache = new Map<string, string>();
  let reads = 0;
  const latest = async () => {
    const block = (await service.deployment.chain.rpc.request({
      method: "eth_getBlockByNumber",
      params: ["latest", false],
    })) as { number: string; hash: string };
    return { number: Number(block.number), hash: block.hash };
  };
  return {
    get reads() {
      return reads;
    },
    async take() {
      const tip = await latest();
      let chain = cache.get(tip.hash);
      if (chain === undefined) {
        chain = sha(await chainState(service, tip.number));
        reads += 1;
        cache.set(tip.hash, chain);
      }
      await service.sync();
      const svc = sha(serviceState(service));
      return { hash: sha([chain, svc]), block: tip.number, blockHash: tip.hash, chain, service: svc };
    },
    async chainUncached() {
      const tip = await latest();
      return { blockHash: tip.hash, chain: sha(await chainState(service, tip.number)) };
    },
    async verifyCache() {
      const fresh = await this.chainUncached();
      const cached = cache.get(fresh.blockHash);
      if (cached === undefined) cache.set(fresh.blockHash, fresh.chain);
      return cached === undefined || cached === fresh.chain;
    },
  };
}

/** The service's indexed state, as plain values. */
export function serviceState(service: ScfService): unknown {
  const s = service.state;
  return {
    events: s.events.length,
    vouchers: [...s.vouchers.entries()],
    tokens: [...s.tokens.entries()],
    financing: [...s.financingRequests.entries()],
    orders: [...s.orders.entries()],
    rights: [...s.rights.entries()],
    products: [...s.products.entries()],
    loans: [...s.loans.entries()],
    balances: [...s.ecny.balances.entries()],
  };
}

const range = (n: bigint) => Array.from({ length: Number(n) }, (_, i) => BigInt(i + 1));

/** Everything the contracts hold that a write may change, read at block `blockTag`. */
export async function chainState(service: ScfService, blockTag: number): Promise<unknown> {
  const { contracts: c, addresses, cast } = service.deployment;
  const at = { blockTag };
  const loanBook = addresses.LoanBook;
  const systems = ["PaymentEscrow", "VoucherLedger", "VoucherFinancing", "LoanBook"].map((n) => addresses[n]);
  const accounts = [...cast.all.map((p) => p.address), ...systems];
  const [voucherCount, requestCount, orderCount, rightCount, productCount, loanCount] = await Promise.all([
    c.vouchers.voucherCount(at),
    c.financing.requestCount(at),
    c.escrow.orderCount(at),
    c.registry.rightCount(at),
    c.loans.productCount(at),
    c.loans.loanCount(at),
  ]);
  const wallets = Promise.all(
    accounts.map(async (a) =>
      Promise.all([
        a,
        c.ecny.walletOf(a, at),
        c.ecny.allowance(a, loanBook, at),
        c.consortium.memberOf(a, at),
        c.vouchers.creditLineOf(a, at),
        c.loans.salesStateOf(a, at),
      ]),
    ),
  );
  const vouchers = Promise.all(
    range(voucherCount).map(async (slot) => {
      const v = await c.vouchers.voucherOf(slot, at);
      return [v, await c.vouchers.tokensOfVoucher(slot, 0n, v.tokenCount, at)];
    }),
  );
  return {
    clockOffset: await c.consortium.clockOffset(at),
    members: await c.consortium.memberCount(at),
    supply: await c.ecny.totalSupply(at),
    locked: await c.escrow.lockedTotal(at),
    offers: await c.vouchers.offerCount(at),
    wallets: await wallets,
    vouchers: await vouchers,
    requests: await Promise.all(range(requestCount).map((id) => c.financing.financingRequestOf(id, at))),
    orders: await Promise.all(range(orderCount).map((id) => c.escrow.orderOf(id, at))),
    rights: await Promise.all(
      range(rightCount).map((id) =>
        Promise.all([
          c.registry.rightOf(id, at),
          c.registry.appraisalOf(id, at),
          c.registry.lienOf(id, at),
          c.registry.collateralOf(id, at),
        ]),
      ),
    ),
    products: await Promise.all(range(productCount).map((id) => c.loans.productOf(id, at))),
    loans: await Promise.all(
      range(loanCount).map((id) => Promise.all([c.loans.loanOf(id, at), c.loans.heldSurplus(id, at)])),
    ),
  };
}
