import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { SYSTEM_CONTRACTS, type ProjectContractName } from "../../src/chain/contracts.js";
import { roleId } from "../../src/domain/roles.js";

/**
 * The whole consortium on a real chain, as `deployConsortium` (src/chain/deploy.ts) builds it:
 * the seven contracts in the same order with the same constructor arguments, then the wiring
 * (system contracts registered, their system wallets opened, the financing module set, the two
 * "4321" risk-sharing guarantors admitted and named).
 *
 * Every transaction is sent by account 0 of the network, which becomes the first platform operator:
 * on the `consortium` network that is the key in `CONSORTIUM_OPERATOR_KEY`. Do not pass
 * `--default-sender`: the operator must be the sender of every step.
 *
 * What it deliberately leaves out, because other organisations sign it with their own keys:
 * issuance quotas (the central bank), wallets and e-CNY (each operator bank). Admitting the other
 * members is `ConsortiumMembers.ts`. See docs/consortium.md.
 *
 * @example npx hardhat ignition deploy deploy/modules/Consortium.ts --network consortium --parameters deploy/parameters.example.json
 */
export default buildModule("Consortium", (m) => {
  const operator = m.getAccount(0);
  const operatorName = m.getParameter<string>("operatorName");
  // true only for simulations on a chain whose time cannot be moved; never on a real chain
  const adjustableClock = m.getParameter<boolean>("adjustableClock", false);
  const provincial = m.getParameter<string>("provincialReGuarantor");
  const provincialName = m.getParameter<string>("provincialReGuarantorName");
  const national = m.getParameter<string>("nationalFund");
  const nationalName = m.getParameter<string>("nationalFundName");

  // Each deployment waits for the previous one and every call waits for the last deployment, so the
  // operator's nonces (and so the addresses) follow deploy.ts's order: Consortium, ECNY,
  // PaymentEscrow, VoucherLedger, VoucherFinancing, PropertyRegistry, LoanBook.
  const consortium = m.contract("Consortium", [operator, operatorName, adjustableClock], { from: operator });
  const ecny = m.contract("ECNY", [consortium], { from: operator, after: [consortium] });
  const escrow = m.contract("PaymentEscrow", [consortium, ecny], { from: operator, after: [ecny] });
  const vouchers = m.contract("VoucherLedger", [consortium, ecny], { from: operator, after: [escrow] });
  const financing = m.contract("VoucherFinancing", [consortium, ecny, vouchers], { from: operator, after: [vouchers] });
  const registry = m.contract("PropertyRegistry", [consortium], { from: operator, after: [financing] });
  const loans = m.contract("LoanBook", [consortium, ecny, registry], { from: operator, after: [registry] });

  const systemContract = {
    PaymentEscrow: escrow,
    VoucherLedger: vouchers,
    VoucherFinancing: financing,
    LoanBook: loans,
  } satisfies Partial<Record<ProjectContractName, unknown>>;
  const handleOf = (name: ProjectContractName) => {
    const handle = systemContract[name as keyof typeof systemContract];
    if (!handle) throw new Error(`Consortium module: no handle for system contract ${name}`);
    return handle;
  };

  const registered = SYSTEM_CONTRACTS.map((name) =>
    m.call(consortium, "registerSystemContract", [handleOf(name), name], {
      id: `registerSystemContract_${name}`,
      from: operator,
      after: [loans],
    }),
  );
  SYSTEM_CONTRACTS.forEach((name, i) =>
    m.call(ecny, "openSystemWallet", [handleOf(name)], {
      id: `openSystemWallet_${name}`,
      from: operator,
      after: [registered[i]],
    }),
  );
  m.call(vouchers, "setFinancingModule", [financing], { from: operator, after: registered });

  const guarantor = roleId("Guarantor");
  const admitProvincial = m.call(consortium, "admit", [provincial, guarantor, provincialName], {
    id: "admit_provincialReGuarantor",
    from: operator,
    after: [loans],
  });
  const admitNational = m.call(consortium, "admit", [national, guarantor, nationalName], {
    id: "admit_nationalFund",
    from: operator,
    after: [loans],
  });
  m.call(loans, "setRiskSharingParties", [provincial, national], {
    from: operator,
    after: [admitProvincial, admitNational],
  });

  return { consortium, ecny, escrow, vouchers, financing, registry, loans };
});
