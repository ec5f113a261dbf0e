import { DAY } from "../../chain/clock.js";
import { loanOf, rightOf } from "../../service/lookup.js";
import type { ReadInput, WriteInput } from "../http.js";
import { page } from "../schemas.js";
import { loanView, productView, rightView, viewContext, writeView, type ViewContext } from "../views.js";
import type {
  AppraisalBody,
  DisposalBody,
  LoanBody,
  LoanListQuery,
  LoanParams,
  ProductBody,
  RepaymentBody,
  RightBody,
  RightListQuery,
  RightParams,
  SalesBody,
  SurplusClaimBody,
} from "./schemas.js";
import type { ScfService } from "../../service/service.js";
import type { ProductRecord } from "../../ledger/state.js";

/** GET /rights */
export async function listRights({ query, service }: ReadInput<undefined, typeof RightListQuery>) {
  const ctx = await viewContext(service);
  const who = query.holder ? service.directory.member(query.holder).address.toLowerCase() : undefined;
  const rights = [...ctx.state.rights.values()].filter((r) => !who || r.holder === who).reverse();
  const { items, total } = page(rights, query);
  return { total, rights: items.map((r) => rightView(ctx, r)) };
}

/** GET /rights/:id */
export async function getRight({ params, service }: ReadInput<typeof RightParams>) {
  const ctx = await viewContext(service);
  return rightView(ctx, rightOf(ctx.state, params.id));
}

/** POST /rights */
export async function registerRight({ body, actor, service }: WriteInput<undefined, typeof RightBody>) {
  const w = await service.lending.registerRight(actor, body);
  const ctx = await viewContext(service);
  return writeView(service, w, (r) => rightView(ctx, r));
}

/** POST /rights/:id/appraisals */
export async function appraise({ params, body, actor, service }: WriteInput<typeof RightParams, typeof AppraisalBody>) {
  const validUntil = body.validUntil ?? (await service.now()) + (body.validDays ?? 0) * Number(DAY);
  const w = await service.lending.appraise(actor, params.id, body.valueFen, validUntil);
  const ctx = await viewContext(service);
  return writeView(service, w, (r) => rightView(ctx, r));
}

/** A product with its principal bounds (from the LoanBook's product view). */
async function productWithBounds(service: ScfService, ctx: ViewContext, p: ProductRecord) {
  const stored = await service.deployment.contracts.loans.productOf(p.productId);
  return productView(ctx, p, { min: stored.minPrincipal, max: stored.maxPrincipal });
}

/** GET /products */
export async function listProducts({ service }: ReadInput) {
  const ctx = await viewContext(service);
  const products = await Promise.all([...ctx.state.products.values()].map((p) => productWithBounds(service, ctx, p)));
  return { products };
}

/** POST /products */
export async function createProduct({ body, actor, service }: WriteInput<undefined, typeof ProductBody>) {
  const w = await service.lending.createProduct(actor, body);
  const ctx = await viewContext(service);
  const stored = await service.deployment.contracts.loans.productOf(w.value.productId);
  return writeView(service, w, (p) => productView(ctx, p, { min: stored.minPrincipal, max: stored.maxPrincipal }));
}

/** GET /loans: newest first. */
export async function listLoans({ query, service }: ReadInput<undefined, typeof LoanListQuery>) {
  const ctx = await viewContext(service);
  const who = query.participant ? service.directory.member(query.participant).address.toLowerCase() : undefined;
  const loans = [...ctx.state.loans.values()]
    .filter((l) => !query.status || l.status === query.status)
    .filter((l) => !who || l.borrower === who || l.lender === who || l.guarantor === who)
    .reverse();
  const { items, total } = page(loans, query);
  return { total, loans: items.map((l) => loanView(ctx, l)) };
}

/** GET /loans/:id: the loan, what is owed now and the next due date (LoanBook views). */
export async function getLoan({ params, service }: ReadInput<typeof LoanParams>) {
  const ctx = await viewContext(service);
  const loan = loanOf(ctx.state, params.id);
  const [owed, next] = await Promise.all([
    service.deployment.contracts.loans.owed(params.id),
    service.deployment.contracts.loans.nextDue(params.id),
  ]);
  return {
    ...loanView(ctx, loan),
    owed: {
      principalFen: owed.principal.toString(),
      interestFen: owed.interest.toString(),
      totalFen: (owed.principal + owed.interest).toString(),
      asOf: { iso: new Date(ctx.now * 1000).toISOString(), unix: ctx.now },
    },
    nextDue:
      next.dueAt === 0n
        ? null
        : {
            dueAt: { iso: new Date(Number(next.dueAt) * 1000).toISOString(), unix: Number(next.dueAt) },
            principalDueFen: next.principalDue.toString(),
            overdue: ctx.now > Number(next.dueAt),
          },
  };
}

/** POST /loans */
export async function applyForLoan({ body, actor, service }: WriteInput<undefined, typeof LoanBody>) {
  const w = await service.lending.apply(actor, body);
  const ctx = await viewContext(service);
  return writeView(service, w, (l) => loanView(ctx, l));
}

/** POST /loans/:id/guarantee | approve | reject | withdraw | default */
export function loanAction(
  action: "approveGuarantee" | "approve" | "reject" | "withdraw" | "declareDefault" | "callGuarantee" | "writeOff",
) {
  return async ({ params, actor, service }: WriteInput<typeof LoanParams>) => {
    const w = await service.lending[action](actor, params.id);
    const ctx = await viewContext(service);
    return writeView(service, w, (l) => loanView(ctx, l));
  };
}

/** POST /loans/:id/repayments */
export async function repayLoan({ params, body, actor, service }: WriteInput<typeof LoanParams, typeof RepaymentBody>) {
  const w = await service.lending.repay(actor, params.id, body.amountFen);
  const ctx = await viewContext(service);
  return writeView(service, w, (l) => loanView(ctx, l));
}

/** POST /loans/:id/disposal */
export async function disposeCollateral({
  params,
  body,
  actor,
  service,
}: WriteInput<typeof LoanParams, typeof DisposalBody>) {
  const w = await service.lending.dispose(actor, params.id, { buyer: body.buyer, priceFen: body.priceFen });
  const ctx = await viewContext(service);
  return writeView(service, w, (l) => loanView(ctx, l));
}

/** POST /loans/:id/surplus-claims */
export async function claimSurplus({
  params,
  body,
  actor,
  service,
}: WriteInput<typeof LoanParams, typeof SurplusClaimBody>) {
  const w = await service.lending.claimSurplus(actor, params.id, body.amountFen);
  const ctx = await viewContext(service);
  return writeView(service, w, (l) => loanView(ctx, l));
}

/** POST /sales */
export async function postSales({ body, actor, service }: WriteInput<undefined, typeof SalesBody>) {
  const w = await service.lending.postSales(actor, body);
  return writeView(service, w, (v) => {
    const points = service.state.sales.get(v.borrower) ?? [];
    const point = points.find((p) => p.week === v.weekIndex);
    return {
      borrower: service.directory.party(v.borrower),
      weekIndex: v.weekIndex,
      salesFen: body.salesFen.toString(),
      fallen: point?.fallen ?? false,
    };
  });
}
