import { MaxUint256 } from "ethers";
import { ScfError } from "../../domain/errors.js";
import type { Intent } from "../engine.js";
import type { ProductSpec } from "../scenario/schema.js";
import type { World } from "../world.js";

const PURPOSE = { Agricultural: 0, WorkingCapital: 1, Equipment: 2, OrderFinancing: 3, InventoryPledge: 4 } as const;

/** What the setup day established, for the other agents. */
export interface SetupResult {
  /** Scenario product id → on-chain product id. */
  productIds: Map<string, bigint>;
}

/**
 * Day 0, first block: the platform's rules, the banks' credit lines for the core enterprises,
 * the lenders' loan products, and the guarantors' allowances to the loan book (their consent to
 * pay their share of a loss: the 4321 scheme).
 */
export function installSetup(world: World): SetupResult {
  const { scenario, contracts } = world;
  const operator = world.ofKind("platform")[0].address;
  const leadBank = world.ofKind("bank")[0].address;
  const productIds = new Map<string, bigint>();

  world.engine.at(0, "settle", () => {
    const intents: Intent[] = [];
    const rules = scenario.vouchers?.rules;
    if (rules && (rules.maxTermDays || rules.minSplitUnit || rules.overdueGraceDays !== undefined)) {
      intents.push(
        world.tx(contracts.vouchers, operator, "setRules", [
          rules.maxTermDays ?? 183,
          rules.minSplitUnit ?? 100_00n,
          false,
          rules.overdueGraceDays ?? 30,
        ]),
      );
    }
    for (const group of scenario.participants.filter((g) => g.creditLine !== undefined)) {
      for (const p of world.members(group.id)) {
        intents.push(world.tx(contracts.vouchers, leadBank, "setCreditLine", [p.address, group.creditLine!]));
      }
    }
    if (scenario.lending) {
      intents.push(world.tx(contracts.loans, operator, "setFlexibleGraceDays", [scenario.lending.flexibleGraceDays]));
      for (const product of scenario.lending.products) {
        const lender = world.members(product.lender)[0].address;
        intents.push(
          world.tx(contracts.loans, lender, "createProduct", [productParams(product)], (o) => {
            if (!o.ok) {
              throw new ScfError(
                "PRODUCT_REFUSED",
                `lending.products: the loan book refused product "${product.id}": ${o.revert?.name ?? "reverted"}`,
              );
            }
            productIds.set(product.id, world.event(o, "ProductCreated")!.productId as bigint);
          }),
        );
      }
      for (const g of world.ofKind("guarantor").concat(world.ofKind("reguarantor"), world.ofKind("national-fund"))) {
        intents.push(world.tx(contracts.ecny, g.address, "approve", [contracts.loans.target, MaxUint256]));
      }
    }
    return intents;
  });
  return { productIds };
}

/** The on-chain parameters of a scenario product. */
export function productParams(p: ProductSpec) {
  return {
    name: p.name,
    purpose: PURPOSE[p.purpose],
    collateral: p.collateral === "PropertyRight" ? 1 : 0,
    ltvBps: p.ltv,
    rateBps: p.rate,
    termDays: p.termDays,
    dayCount: 0,
    shape: p.shape === "Instalments" ? 1 : 0,
    instalments: p.shape === "Instalments" ? p.instalments : 1,
    graceDays: p.graceDays,
    guaranteeFeeBps: p.guaranteeFee,
    shares: {
      nationalBps: p.riskShares.national,
      provincialBps: p.riskShares.provincial,
      lenderBps: p.riskShares.lender,
      guarantorBps: p.riskShares.guarantor,
    },
    minPrincipal: p.min,
    maxPrincipal: p.max,
  };
}
