// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IECNY} from "./IECNY.sol";
import {IPropertyRegistry} from "./IPropertyRegistry.sol";

/// @title Loan book (贷款引擎): products, loans, repayment, default, disposal and risk sharing.
/// @notice One engine for the rural property-right pledge loans (梨果保, 薯业通, …) and the steel
/// chain's loans (micro working-capital loans, equipment loans, order financing, inventory pledges).
///
/// Actors: a lender (an OperatorBank — a rural credit cooperative is one — or a MicroLender) publishes
/// products; a borrower (Farmer, Supplier, Distributor, Merchant or CoreEnterprise) applies, naming a
/// pledged right and/or a local guarantor; the guarantor approves; the lender disburses; the DataFeed
/// posts weekly point-of-sale flows; the platform operator names the provincial re-guarantor and the
/// national guarantee fund of the "4321" risk-sharing scheme.
///
/// Lifecycle of a loan (one verb per transition):
///   Applied ─withdraw→ Withdrawn · Applied ─reject→ Rejected · Applied ─approveAndDisburse→ Active
///   Active ─repay (in full)→ Repaid · Active ─declareDefault→ Defaulted
///   Defaulted ─(dispose | repay) covering the debt→ Settled
///   Defaulted ─callGuarantee (guaranteed) | writeOff (unguaranteed)→ Settled
/// A pledged right's lien is placed at disbursement and lifted in the transaction that closes the
/// loan (Repaid, or Settled by repayment), or by disposal of the right under the lien.
///
/// Rounding rules (all amounts in fen, all rates in basis points, 1 bp = 0.01%):
///  - interest for d whole days: round_half_up(principalOutstanding × rateBps × d / (10,000 × basis)),
///    basis 365 (Act365) or 360 (Act360), computed at each accrual; d = floor(elapsed / 1 day) and the
///    unaccrued fraction of a day carries over to the next accrual;
///  - guarantee fee: round_half_up(principal × feeBps × termDays / (10,000 × 365)), paid once at
///    disbursement;
///  - LTV bound: principal ≤ floor(appraisal × ltvBps / 10,000);
///  - instalments: equal principal parts floor(principal / n), the last part takes the remainder;
///    instalment i (1..n) is due at disbursement + floor(termDays × i / n) days;
///  - loss split: national, provincial and lender shares = floor(loss × bps / 10,000) each; the
///    local guarantor takes the remainder, so the four shares sum to the loss to the fen.
interface ILoanBook {
    /// @notice What a product finances.
    enum Purpose {
        Agricultural,
        WorkingCapital,
        Equipment,
        OrderFinancing,
        InventoryPledge
    }

    /// @notice Whether a product's loans are secured by a registered right (PropertyRegistry).
    enum CollateralType {
        None,
        PropertyRight
    }

    /// @notice Interest day-count basis: actual days over 365 or over 360.
    enum DayCount {
        Act365,
        Act360
    }

    /// @notice Bullet: all principal due at maturity (seasonal). Instalments: equal principal parts.
    enum Shape {
        Bullet,
        Instalments
    }

    enum Status {
        None,
        Applied,
        Rejected,
        Withdrawn,
        Active,
        Repaid,
        Defaulted,
        Settled
    }

    /// @notice Loss shares in basis points; they sum to exactly 10,000. "4321" is 2000/3000/2000/3000.
    struct RiskShares {
        uint16 nationalBps;
        uint16 provincialBps;
        uint16 lenderBps;
        uint16 guarantorBps;
    }

    /// @notice What a lender passes to `createProduct` (amounts in fen, rates in bp per year).
    /// @param ltvBps loan-to-value cap for secured products (1..10,000); 0 for unsecured ones.
    /// @param rateBps simple annual interest rate (0..10,000).
    /// @param termDays days from disbursement to maturity (1..3,650).
    /// @param instalments 0 or 1 for Bullet; 2..min(termDays, 360) for Instalments.
    /// @param graceDays days after a missed due date before the lender may declare a default (0..365).
    /// @param guaranteeFeeBps annual guarantee fee on guaranteed loans (0..1,000); the usual 87 = 0.87%.
    /// @param minPrincipal smallest loan (≥ 1, and ≥ the instalment count); maxPrincipal the largest.
    struct ProductParams {
        string name;
        Purpose purpose;
        CollateralType collateral;
        uint256 ltvBps;
        uint256 rateBps;
        uint256 termDays;
        DayCount dayCount;
        Shape shape;
        uint256 instalments;
        uint256 graceDays;
        uint256 guaranteeFeeBps;
        RiskShares shares;
        uint256 minPrincipal;
        uint256 maxPrincipal;
    }

    /// @notice A product as stored (immutable once created). `instalments` is 1 for a bullet.
    struct Product {
        address lender;
        Purpose purpose;
        CollateralType collateral;
        DayCount dayCount;
        Shape shape;
        uint16 ltvBps;
        uint16 rateBps;
        uint16 termDays;
        uint16 instalments;
        uint16 graceDays;
        uint16 guaranteeFeeBps;
        uint40 createdAt;
        uint80 minPrincipal;
        uint80 maxPrincipal;
        RiskShares shares;
        string name;
    }

    /// @notice A loan as stored. Amounts in fen, times in project seconds.
    /// @param principal the amount applied for and disbursed; outstanding the principal still owed.
    /// @param interest accrued and unpaid interest up to `accruedAt` (frozen from the default on).
    /// @param partiesVersion the risk-sharing parties in force at disbursement (guaranteed loans).
    /// @param debtAtDefault outstanding + interest when the default was declared.
    /// @param recovered fen applied to the debt after the default (repayments and disposal proceeds).
    struct Loan {
        address borrower;
        uint32 productId;
        Status status;
        bool guaranteeApproved;
        bool collateralDisposed;
        uint32 partiesVersion;
        address guarantor;
        uint80 principal;
        uint80 outstanding;
        uint80 interest;
        uint40 accruedAt;
        uint40 disbursedAt;
        uint80 interestPaid;
        uint80 debtAtDefault;
        uint80 recovered;
        uint64 rightId;
        uint80 guaranteeFee;
        uint40 defaultedAt;
    }

    /// @notice Weekly point-of-sale state of a borrower for flexible repayment (弹性还款).
    /// @param referenceSales the last non-fallen week's sales (the first post sets it), in fen.
    /// @param fallenStreak consecutive fallen weeks ending at `lastWeek` (saturates at 255).
    /// @param graceUntil no default may be declared against the borrower before this time.
    /// @param slumpGraced the current slump (the fallen weeks since the last non-fallen week; a week
    /// without data does not end it) has had its grace.
    struct SalesState {
        uint80 referenceSales;
        uint80 lastSales;
        uint32 lastWeek;
        uint8 fallenStreak;
        bool posted;
        uint40 graceUntil;
        bool slumpGraced;
    }

    /// @notice The provincial re-guarantor and national guarantee fund of one risk-sharing version.
    struct RiskParties {
        address provincialReGuarantor;
        address nationalFund;
    }

    // ───────────────────────────── errors ─────────────────────────────

    error LoanBookInvalidName(uint256 length);
    error LoanBookInvalidLtv(CollateralType collateral, uint256 ltvBps);
    /// @notice An InventoryPledge product must be secured (by a warehouse receipt).
    error LoanBookPurposeNeedsCollateral(Purpose purpose);
    error LoanBookInvalidRate(uint256 rateBps);
    error LoanBookInvalidTerm(uint256 termDays);
    error LoanBookInvalidInstalments(Shape shape, uint256 instalments, uint256 termDays);
    error LoanBookInvalidGraceDays(uint256 graceDays);
    error LoanBookInvalidGuaranteeFee(uint256 feeBps);
    error LoanBookInvalidRiskShares(
        uint256 nationalBps,
        uint256 provincialBps,
        uint256 lenderBps,
        uint256 guarantorBps
    );
    /// @notice Needs instalments ≤ min, 1 ≤ min ≤ max ≤ 2^80 − 1 (the e-CNY amount limit).
    error LoanBookInvalidPrincipalBounds(uint256 minPrincipal, uint256 maxPrincipal);
    /// @notice Both parties must be distinct active Guarantor-role members.
    error LoanBookInvalidRiskParties(address provincialReGuarantor, address nationalFund);
    /// @notice The flexible grace period must be 1..365 days.
    error LoanBookInvalidFlexibleGraceDays(uint256 graceDays);
    error LoanBookUnknownProduct(uint256 productId);
    error LoanBookUnknownLoan(uint256 loanId);
    error LoanBookPrincipalOutOfBounds(
        uint256 productId,
        uint256 principal,
        uint256 minPrincipal,
        uint256 maxPrincipal
    );
    /// @notice A secured product needs a right (rightId ≠ 0).
    error LoanBookCollateralRequired(uint256 productId);
    /// @notice An unsecured product takes no right.
    error LoanBookUnsecuredProduct(uint256 productId, uint256 rightId);
    /// @notice Warehouse receipts secure InventoryPledge products only, and those take nothing else.
    error LoanBookCollateralKindMismatch(uint256 productId, uint256 rightId, IPropertyRegistry.Kind kind);
    error LoanBookNotRightHolder(uint256 rightId, address borrower, address holder);
    /// @notice The pledged right has no appraisal that counts now.
    error LoanBookNoValidAppraisal(uint256 rightId);
    /// @notice principal > floor(appraisal × ltvBps / 10,000) = maxPrincipal.
    error LoanBookAboveLtv(
        uint256 loanId,
        uint256 principal,
        uint256 appraisalFen,
        uint256 ltvBps,
        uint256 maxPrincipal
    );
    /// @notice The right's term ends before the loan's maturity.
    error LoanBookRightTermTooShort(uint256 rightId, uint256 termEnd, uint256 maturity);
    /// @notice A guaranteed loan needs the risk-sharing parties to be set first.
    error LoanBookRiskPartiesNotSet();
    error LoanBookWrongStatus(uint256 loanId, Status status);
    error LoanBookNotBorrower(uint256 loanId, address caller, address borrower);
    error LoanBookNotLender(uint256 loanId, address caller, address lender);
    error LoanBookNotGuarantor(uint256 loanId, address caller, address guarantor);
    error LoanBookGuaranteeNotApproved(uint256 loanId, address guarantor);
    error LoanBookGuaranteeAlreadyApproved(uint256 loanId);
    error LoanBookZeroAmount();
    /// @notice `owed` = principal outstanding + interest accrued up to now.
    error LoanBookRepaymentExceedsOwed(uint256 loanId, uint256 owed, uint256 amount);
    /// @notice A default may be declared only after `defaultableAfter` = first unmet due + graceDays.
    error LoanBookNotInDefault(uint256 loanId, uint256 dueAt, uint256 defaultableAfter, uint256 nowTime);
    /// @notice The borrower is in a flexible-repayment grace period until `graceUntil`.
    error LoanBookInFlexibleGrace(uint256 loanId, address borrower, uint256 graceUntil, uint256 nowTime);
    error LoanBookNoCollateral(uint256 loanId);
    error LoanBookCollateralAlreadyDisposed(uint256 loanId, uint256 rightId);
    /// @notice The pledged right must be disposed of before the remaining loss is shared or written off.
    error LoanBookCollateralNotDisposed(uint256 loanId, uint256 rightId);
    /// @notice The buyer may not be the borrower or the zero address.
    error LoanBookInvalidBuyer(uint256 loanId, address buyer);
    /// @notice A borrower asked for more of a disposal surplus than the book holds for the loan.
    error LoanBookSurplusNotHeld(uint256 loanId, uint256 held, uint256 amount);
    error LoanBookNotGuaranteed(uint256 loanId);
    /// @notice A guaranteed loan's loss is shared (`callGuarantee`), not written off.
    error LoanBookGuaranteedLoan(uint256 loanId, address guarantor);
    error LoanBookWeekNotIncreasing(address borrower, uint256 lastWeek, uint256 weekIndex);
    /// @notice weekIndex must fit in 32 bits and sales in 80 bits.
    error LoanBookInvalidSales(uint256 weekIndex, uint256 salesFen);

    // ───────────────────────────── events ─────────────────────────────

    event ProductCreated(uint256 indexed productId, address indexed lender, ProductParams params);
    event RiskSharingPartiesSet(
        uint256 indexed version,
        address indexed provincialReGuarantor,
        address indexed nationalFund,
        address by
    );
    event FlexibleGraceDaysSet(uint256 graceDays, address by);
    /// @param principal fen applied for; rightId 0 = unsecured; guarantor 0 = no guarantee.
    event LoanApplied(
        uint256 indexed loanId,
        address indexed borrower,
        uint256 indexed productId,
        uint256 principal,
        uint256 rightId,
        address guarantor
    );
    event LoanWithdrawn(uint256 indexed loanId, address indexed borrower);
    event LoanRejected(uint256 indexed loanId, address indexed lender);
    event GuaranteeApproved(uint256 indexed loanId, address indexed guarantor);
    /// @param guaranteeFee fen paid by the borrower to the guarantor in the same transaction.
    /// @param maturity disbursement time + termDays.
    event LoanDisbursed(
        uint256 indexed loanId,
        address indexed lender,
        address indexed borrower,
        uint256 principal,
        uint256 guaranteeFee,
        uint256 maturity
    );
    /// @param interestPart fen applied to interest; principalPart to principal; outstanding the
    /// principal still owed afterwards.
    event RepaymentMade(
        uint256 indexed loanId,
        address indexed borrower,
        uint256 amount,
        uint256 interestPart,
        uint256 principalPart,
        uint256 outstanding
    );
    /// @notice An Active loan was repaid in full (the lien, if any, lifted in the same transaction).
    event LoanRepaid(uint256 indexed loanId, uint256 principal, uint256 interestPaid);
    /// @param fallen sales < 60% of `referenceSales` (the reference before this week).
    event WeeklySalesPosted(
        address indexed borrower,
        uint256 indexed weekIndex,
        uint256 salesFen,
        uint256 referenceSales,
        bool fallen
    );
    /// @notice Two fallen weeks running: no default may be declared before `graceUntil`.
    event FlexibleGraceGranted(
        address indexed borrower,
        uint256 indexed weekIndex,
        uint256 referenceSales,
        uint256 salesFen,
        uint256 graceUntil
    );
    /// @param dueAt the first unmet due date; debt = outstanding + interest (accrual stops).
    event LoanDefaulted(uint256 indexed loanId, uint256 dueAt, uint256 outstanding, uint256 interest, uint256 debt);
    /// @param toLender min(price, remaining debt); surplus = price − toLender, paid to the borrower (or
    /// held for the borrower, see `SurplusHeld`).
    event CollateralDisposed(
        uint256 indexed loanId,
        uint256 indexed rightId,
        address indexed buyer,
        uint256 price,
        uint256 toLender,
        uint256 surplus
    );
    /// @notice The borrower could not receive a disposal surplus (wallet balance cap, frozen wallet, not
    /// an active member): the book holds it in its own wallet until the borrower claims it.
    event SurplusHeld(uint256 indexed loanId, address indexed borrower, uint256 amount, IECNY.ReceiveBlock reason);
    /// @notice The borrower took `amount` fen of a held surplus; `left` is still held.
    event SurplusClaimed(uint256 indexed loanId, address indexed borrower, uint256 amount, uint256 left);
    /// @notice The remaining loss of a guaranteed loan was shared; the national fund, the provincial
    /// re-guarantor and the local guarantor paid their shares to the lender in the same transaction.
    event RiskShared(
        uint256 indexed loanId,
        uint256 loss,
        uint256 national,
        uint256 provincial,
        uint256 lender,
        uint256 guarantor
    );
    event LoanWrittenOff(uint256 indexed loanId, uint256 loss);
    /// @notice A defaulted loan was closed. recovered: fen applied after the default from the borrower
    /// and disposal; loss: the remainder then shared or written off (0 when fully recovered).
    event LoanSettled(uint256 indexed loanId, uint256 recovered, uint256 loss);

    // ───────────────────────────── platform operator ─────────────────────────────

    /// @notice Names the provincial re-guarantor and the national guarantee fund (distinct active
    /// Guarantor-role members) as a new version; loans disbursed from now on use it.
    function setRiskSharingParties(address provincialReGuarantor, address nationalFund) external;

    /// @notice Sets the flexible-repayment grace period (1..365 days; 60 at deployment).
    function setFlexibleGraceDays(uint256 graceDays) external;

    // ───────────────────────────── lenders ─────────────────────────────

    /// @notice Publishes a product (caller: an active OperatorBank or MicroLender, its lender).
    function createProduct(ProductParams calldata params) external returns (uint256 productId);

    /// @notice Refuses an Applied loan of one of the caller's products.
    function reject(uint256 loanId) external;

    /// @notice Checks and disburses an Applied loan in one transaction: guarantee approved (if named),
    /// pledged right held by the borrower with no lien, a valid appraisal, principal within the LTV
    /// bound and the right's term covering maturity; then places the lien, pays the principal
    /// lender → borrower and the guarantee fee borrower → guarantor. (The principal's product bounds
    /// were checked at application; products are immutable.)
    function approveAndDisburse(uint256 loanId) external;

    /// @notice Declares the default (违约) of an Active loan once now > first unmet due date + the
    /// product's grace days and now ≥ the borrower's flexible grace. Interest accrues to now and stops.
    function declareDefault(uint256 loanId) external;

    /// @notice Sells the pledged right of a Defaulted loan (处置) for `price` fen. buyer == lender: the
    /// lender takes the right and credits `price`. Otherwise the buyer (an active member that approved
    /// this contract for `price` e-CNY) pays. min(price, debt) goes to the lender, the surplus to the
    /// borrower; the right moves through the registry. A fully covered debt settles the loan. A surplus
    /// the borrower's wallet cannot take now (its balance cap, a frozen wallet, a suspended member) is
    /// held by this contract for the borrower (`SurplusHeld`, `claimSurplus`): it never blocks the sale.
    function dispose(uint256 loanId, address buyer, uint256 price) external;

    /// @notice Shares the remaining loss of a Defaulted guaranteed loan (after any disposal): the
    /// national fund, provincial re-guarantor and local guarantor pay their shares to the lender by
    /// ERC-20 `transferFrom` (their allowance to this contract is their consent). Settles the loan.
    function callGuarantee(uint256 loanId) external;

    /// @notice Writes off the remaining loss of a Defaulted unguaranteed loan (after any disposal).
    function writeOff(uint256 loanId) external;

    // ───────────────────────────── borrowers and guarantors ─────────────────────────────

    /// @notice Applies for a loan (`apply` is a reserved word in Solidity).
    /// @param principal fen, within the product's bounds.
    /// @param rightId the pledged right (held by the caller) or 0 for an unsecured product.
    /// @param guarantor the local guarantor (an active Guarantor member) or 0 for none.
    function applyForLoan(
        uint256 productId,
        uint256 principal,
        uint256 rightId,
        address guarantor
    ) external returns (uint256 loanId);

    /// @notice The borrower withdraws an Applied loan.
    function withdraw(uint256 loanId) external;

    /// @notice The named guarantor approves the guarantee of an Applied loan.
    function approveGuarantee(uint256 loanId) external;

    /// @notice The borrower repays `amount` fen (≤ owed): accrued interest first, then principal. On an
    /// Active loan interest accrues first; on a Defaulted loan the frozen debt is paid down. The
    /// payment that clears everything closes the loan and lifts the lien in the same transaction.
    function repay(uint256 loanId, uint256 amount) external;

    /// @notice The borrower takes `amount` fen (≤ held) of the disposal surplus held for a loan, in
    /// as many parts as its wallet's balance cap requires.
    function claimSurplus(uint256 loanId, uint256 amount) external;

    // ───────────────────────────── data feed ─────────────────────────────

    /// @notice Posts a borrower's weekly point-of-sale flow (caller: an active DataFeed member).
    /// weekIndex strictly increases per borrower. A week is fallen when sales < 60% of the reference
    /// (the last non-fallen week's sales; the first post sets it); a non-fallen week becomes the new
    /// reference. When two consecutive weeks (weekIndex and weekIndex − 1) are fallen, the borrower
    /// gets graceUntil = max(graceUntil, now + flexibleGraceDays) — once per slump: further fallen
    /// weeks do not extend it until a non-fallen week ends the slump (a week without data, i.e. a
    /// gap in weekIndex, does not end it).
    function postWeeklySales(address borrower, uint256 weekIndex, uint256 salesFen) external;

    // ───────────────────────────── views ─────────────────────────────

    function productOf(uint256 productId) external view returns (Product memory);
    function loanOf(uint256 loanId) external view returns (Loan memory);
    /// @notice The lender of a loan (its product's lender).
    function lenderOf(uint256 loanId) external view returns (address);
    /// @notice Fen of a disposal surplus held for the loan's borrower.
    function heldSurplus(uint256 loanId) external view returns (uint256);
    /// @notice Principal outstanding and interest owed now (Active: accrued to the last whole day;
    /// Defaulted: the frozen remaining debt; other statuses: 0, 0).
    function owed(uint256 loanId) external view returns (uint256 principal, uint256 interest);
    /// @notice For an Active loan, the first due date whose cumulative principal is not yet repaid and
    /// the principal still due by then (fen); (0, 0) for other statuses. Overdue when now > dueAt.
    function nextDue(uint256 loanId) external view returns (uint256 dueAt, uint256 principalDue);
    function graceUntil(address borrower) external view returns (uint256);
    function salesStateOf(address borrower) external view returns (SalesState memory);
    function flexibleGraceDays() external view returns (uint256);
    /// @notice The current risk-sharing parties; version 0 means none set yet.
    function riskSharingParties() external view returns (uint256 version, RiskParties memory parties);
    function riskSharingPartiesAt(uint256 version) external view returns (RiskParties memory);
    /// @notice The customary guarantee terms: 87 bp/yr and the "4321" split (2000/3000/2000/3000).
    function defaultGuaranteeTerms() external pure returns (uint256 feeBps, RiskShares memory shares);
    function productCount() external view returns (uint256);
    function loanCount() external view returns (uint256);
}
