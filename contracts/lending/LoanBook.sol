// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IConsortium} from "../interfaces/IConsortium.sol";
import {IECNY} from "../interfaces/IECNY.sol";
import {ILoanBook} from "../interfaces/ILoanBook.sol";
import {IPropertyRegistry} from "../interfaces/IPropertyRegistry.sol";
import {ConsortiumGuarded} from "../access/ConsortiumGuarded.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {LoanMath} from "./LoanMath.sol";

/// @title LoanBook
/// @notice The loan engine of the rural pledge loans and the steel chain: products, applications,
/// disbursement against a lien, interest, repayment, flexible-repayment grace, default, disposal of
/// collateral and "4321" risk sharing. Money moves wallet to wallet in e-CNY; the book holds only
/// disposal surpluses a borrower's wallet could not take yet.
/// @dev Invariants:
///  - this contract's e-CNY balance between transactions is Σ `heldSurplus` (taken − claimed): every
///    other payment goes directly from the payer's wallet to the payee's (`systemTransferFrom` for
///    the caller's own money or the borrower's fee it agreed to in its application; ERC-20
///    `transferFrom` against an allowance for buyers and risk-sharing parties), so lending never
///    changes the e-CNY supply;
///  - a secured loan is Active or Defaulted (not yet disposed) exactly while its right carries the
///    lien for it; the lien is placed in the disbursing transaction and lifted in the transaction that
///    clears the debt (or moves the right by disposal), never while money is owed on a live pledge;
///  - a disbursed principal never exceeds floor(valid appraisal × ltvBps / 10,000) at disbursement;
///  - outstanding ≤ principal; interest is accrued only while Active; after a default, debt only
///    decreases, and Σ recovered + the final loss == debtAtDefault;
///  - the four loss shares sum to the loss to the fen, and the lender receives exactly the three
///    non-lender shares.
///  Status and storage change before any external call (checks-effects-interactions); the external
///  callees (e-CNY, registry) are project contracts fixed at construction. A transaction asks the
///  Consortium at most once (one `context` call for the members it checks and the time) and hands
///  the time to the registry; it checks a disposal's buyer itself, for the registry.
///  It deliberately does not check: that the borrower can receive the principal under its wallet
///  caps (the e-CNY contract refuses such a payment and the whole transaction reverts; a disposal
///  surplus it cannot take is held instead, see `dispose`), the borrower's credit (the lender's decision to disburse), and a
///  product's commercial sense beyond the stated bounds. It keeps no enumeration of loans by
///  borrower (an indexer reads `LoanApplied`).
contract LoanBook is ILoanBook, ConsortiumGuarded {
    // ───────────────────────────── constants ─────────────────────────────

    uint256 public constant DEFAULT_GUARANTEE_FEE_BPS = 87;
    uint256 public constant DEFAULT_FLEXIBLE_GRACE_DAYS = 60;
    uint256 private constant _BPS = 10_000;
    uint256 private constant _MAX_NAME = 64;
    uint256 private constant _MAX_RATE_BPS = 10_000;
    uint256 private constant _MAX_TERM_DAYS = 3_650;
    uint256 private constant _MAX_INSTALMENTS = 360;
    uint256 private constant _MAX_GRACE_DAYS = 365;
    uint256 private constant _MAX_FEE_BPS = 1_000;
    uint256 private constant _MAX_AMOUNT = type(uint80).max;
    uint256 private constant _FALLEN_WEEKS_FOR_GRACE = 2;

    // ───────────────────────────── storage ─────────────────────────────

    IECNY public immutable ecny;
    IPropertyRegistry public immutable registry;

    mapping(uint256 productId => Product) private _products;
    mapping(uint256 loanId => Loan) private _loans;
    mapping(address borrower => SalesState) private _sales;
    RiskParties[] private _parties;
    uint256 private _productCount;
    uint256 private _loanCount;
    uint256 private _flexibleGraceDays = DEFAULT_FLEXIBLE_GRACE_DAYS;
    mapping(uint256 loanId => uint256) private _heldSurplus;

    constructor(IConsortium consortium_, IECNY ecny_, IPropertyRegistry registry_) ConsortiumGuarded(consortium_) {
        ecny = ecny_;
        registry = registry_;
    }

    // ───────────────────────────── platform operator ─────────────────────────────

    /// @inheritdoc ILoanBook
    function setRiskSharingParties(address provincialReGuarantor, address nationalFund) external {
        (IConsortium.Member memory caller, IConsortium.Member memory p, IConsortium.Member memory n, ) = _context(
            msg.sender,
            provincialReGuarantor,
            nationalFund
        );
        _check(msg.sender, caller, _role(IConsortium.Role.PlatformOperator));
        _check(provincialReGuarantor, p, _role(IConsortium.Role.Guarantor));
        _check(nationalFund, n, _role(IConsortium.Role.Guarantor));
        if (provincialReGuarantor == nationalFund)
            revert LoanBookInvalidRiskParties(provincialReGuarantor, nationalFund);
        _parties.push(RiskParties(provincialReGuarantor, nationalFund));
        emit RiskSharingPartiesSet(_parties.length, provincialReGuarantor, nationalFund, msg.sender);
    }

    /// @inheritdoc ILoanBook
    function setFlexibleGraceDays(uint256 graceDays) external {
        _requireRole(msg.sender, _role(IConsortium.Role.PlatformOperator));
        if (graceDays == 0 || graceDays > _MAX_GRACE_DAYS) revert LoanBookInvalidFlexibleGraceDays(graceDays);
        _flexibleGraceDays = graceDays;
        emit FlexibleGraceDaysSet(graceDays, msg.sender);
    }

    // ───────────────────────────── lenders ─────────────────────────────

    /// @inheritdoc ILoanBook
    function createProduct(ProductParams calldata params) external returns (uint256 productId) {
        (IConsortium.Member memory caller, , , uint256 nowTime) = _context(msg.sender, address(0), address(0));
        _check(msg.sender, caller, _lenderRoles());
        uint256 instalments = _validate(params);

        productId = ++_productCount;
        Product storage p = _products[productId];
        p.lender = msg.sender;
        p.purpose = params.purpose;
        p.collateral = params.collateral;
        p.dayCount = params.dayCount;
        p.shape = params.shape;
        // Every narrowing below is within the bounds checked by `_validate`.
        p.ltvBps = uint16(params.ltvBps);
        p.rateBps = uint16(params.rateBps);
        p.termDays = uint16(params.termDays);
        p.instalments = uint16(instalments);
        p.graceDays = uint16(params.graceDays);
        p.guaranteeFeeBps = uint16(params.guaranteeFeeBps);
        p.createdAt = uint40(nowTime);
        p.minPrincipal = uint80(params.minPrincipal);
        p.maxPrincipal = uint80(params.maxPrincipal);
        p.shares = params.shares;
        p.name = params.name;
        emit ProductCreated(productId, msg.sender, params);
    }

    /// @inheritdoc ILoanBook
    function reject(uint256 loanId) external {
        (Loan storage loan, ) = _lenderLoan(loanId, Status.Applied);
        loan.status = Status.Rejected;
        emit LoanRejected(loanId, msg.sender);
    }

    /// @inheritdoc ILoanBook
    function approveAndDisburse(uint256 loanId) external {
        address guarantor = _loans[loanId].guarantor; // read first: checked in the one Consortium call
        (Loan storage loan, Product storage p, IConsortium.Member memory g, uint256 nowTime) = _lenderLoanAt(
            loanId,
            Status.Applied,
            guarantor
        );
        address borrower = loan.borrower;
        uint256 principal = loan.principal;
        uint256 maturity = nowTime + uint256(p.termDays) * 1 days;

        uint256 fee;
        if (guarantor != address(0)) {
            if (!loan.guaranteeApproved) revert LoanBookGuaranteeNotApproved(loanId, guarantor);
            _check(guarantor, g, _role(IConsortium.Role.Guarantor));
            uint256 version = _parties.length;
            if (version == 0) revert LoanBookRiskPartiesNotSet();
            loan.partiesVersion = uint32(version); // one version per operator call: far below 2^32
            fee = LoanMath.guaranteeFee(principal, p.guaranteeFeeBps, p.termDays);
        }
        uint256 rightId = loan.rightId;
        if (rightId != 0) _checkPledge(loanId, rightId, borrower, principal, p.ltvBps, maturity, nowTime);

        loan.status = Status.Active;
        loan.outstanding = uint80(principal); // principal ≤ maxPrincipal < 2^80
        loan.accruedAt = uint40(nowTime);
        loan.disbursedAt = uint40(nowTime);
        loan.guaranteeFee = uint80(fee); // fee ≤ principal × 1,000 × 3,650 / 3,650,000 = principal
        if (rightId != 0) registry.placeLien(rightId, msg.sender, loanId, nowTime);
        ecny.systemTransferFrom(msg.sender, borrower, principal);
        if (fee != 0) ecny.systemTransferFrom(borrower, guarantor, fee);
        emit LoanDisbursed(loanId, msg.sender, borrower, principal, fee, maturity);
    }

    /// @inheritdoc ILoanBook
    function declareDefault(uint256 loanId) external {
        (Loan storage loan, Product storage p, , uint256 nowTime) = _lenderLoanAt(loanId, Status.Active, address(0));
        (uint256 dueAt, ) = _firstUnmetDue(loan, p);
        uint256 defaultableAfter = dueAt + uint256(p.graceDays) * 1 days;
        if (nowTime <= defaultableAfter) revert LoanBookNotInDefault(loanId, dueAt, defaultableAfter, nowTime);
        address borrower = loan.borrower;
        uint256 grace = _sales[borrower].graceUntil;
        if (nowTime < grace) revert LoanBookInFlexibleGrace(loanId, borrower, grace, nowTime);

        _accrue(loan, p, nowTime);
        uint256 outstanding = loan.outstanding;
        uint256 interest = loan.interest;
        uint256 debt = outstanding + interest;
        loan.debtAtDefault = SafeCast.toUint80(debt);
        loan.defaultedAt = uint40(nowTime);
        loan.status = Status.Defaulted;
        emit LoanDefaulted(loanId, dueAt, outstanding, interest, debt);
    }

    /// @inheritdoc ILoanBook
    function dispose(uint256 loanId, address buyer, uint256 price) external {
        (Loan storage loan, , IConsortium.Member memory b, ) = _lenderLoanAt(loanId, Status.Defaulted, buyer);
        uint256 rightId = loan.rightId;
        if (rightId == 0) revert LoanBookNoCollateral(loanId);
        if (loan.collateralDisposed) revert LoanBookCollateralAlreadyDisposed(loanId, rightId);
        address borrower = loan.borrower;
        if (buyer == borrower || buyer == address(0)) revert LoanBookInvalidBuyer(loanId, buyer);
        if (price == 0) revert LoanBookZeroAmount();

        uint256 remaining = uint256(loan.outstanding) + loan.interest;
        uint256 toLender = price < remaining ? price : remaining;
        uint256 surplus;
        unchecked {
            surplus = price - toLender; // toLender ≤ price by construction
        }
        loan.collateralDisposed = true;
        bool settled = _recover(loan, toLender) == 0;
        // A surplus the borrower's wallet cannot take now is held here, never blocking the sale.
        address surplusTo = borrower;
        IECNY.ReceiveBlock blocked;
        if (surplus != 0) {
            blocked = ecny.receiveBlock(borrower, surplus);
            if (blocked != IECNY.ReceiveBlock.None) {
                surplusTo = address(this);
                _heldSurplus[loanId] = surplus; // disposed once per loan
            }
        }

        _check(buyer, b, _holderRoles()); // for the registry, which trusts the lien's placer with it
        registry.disposeUnderLien(rightId, buyer);
        if (buyer == msg.sender) {
            if (surplus != 0) ecny.systemTransferFrom(msg.sender, surplusTo, surplus);
        } else {
            ecny.transferFrom(buyer, msg.sender, toLender);
            if (surplus != 0) ecny.transferFrom(buyer, surplusTo, surplus);
        }
        emit CollateralDisposed(loanId, rightId, buyer, price, toLender, surplus);
        if (surplusTo != borrower) emit SurplusHeld(loanId, borrower, surplus, blocked);
        if (settled) emit LoanSettled(loanId, loan.recovered, 0);
    }

    /// @inheritdoc ILoanBook
    function callGuarantee(uint256 loanId) external {
        (Loan storage loan, Product storage p) = _lenderLoan(loanId, Status.Defaulted);
        address guarantor = loan.guarantor;
        if (guarantor == address(0)) revert LoanBookNotGuaranteed(loanId);
        uint256 loss = _closeWithLoss(loanId, loan);

        (uint256 national, uint256 provincial, uint256 lenderShare, uint256 guarantorShare) = LoanMath.splitLoss(
            loss,
            p.shares
        );
        RiskParties memory parties = _parties[loan.partiesVersion - 1]; // set at disbursement, ≥ 1
        if (national != 0) ecny.transferFrom(parties.nationalFund, msg.sender, national);
        if (provincial != 0) ecny.transferFrom(parties.provincialReGuarantor, msg.sender, provincial);
        if (guarantorShare != 0) ecny.transferFrom(guarantor, msg.sender, guarantorShare);
        emit RiskShared(loanId, loss, national, provincial, lenderShare, guarantorShare);
        emit LoanSettled(loanId, loan.recovered, loss);
    }

    /// @inheritdoc ILoanBook
    function writeOff(uint256 loanId) external {
        (Loan storage loan, ) = _lenderLoan(loanId, Status.Defaulted);
        address guarantor = loan.guarantor;
        if (guarantor != address(0)) revert LoanBookGuaranteedLoan(loanId, guarantor);
        uint256 loss = _closeWithLoss(loanId, loan);
        emit LoanWrittenOff(loanId, loss);
        emit LoanSettled(loanId, loan.recovered, loss);
    }

    // ───────────────────────────── borrowers and guarantors ─────────────────────────────

    /// @inheritdoc ILoanBook
    function applyForLoan(
        uint256 productId,
        uint256 principal,
        uint256 rightId,
        address guarantor
    ) external returns (uint256 loanId) {
        Product storage p = _products[productId];
        if (p.lender == address(0)) revert LoanBookUnknownProduct(productId);
        (IConsortium.Member memory g, uint256 nowTime) = _applicant(
            guarantor,
            p.collateral == CollateralType.PropertyRight
        );
        if (principal < p.minPrincipal || principal > p.maxPrincipal) {
            revert LoanBookPrincipalOutOfBounds(productId, principal, p.minPrincipal, p.maxPrincipal);
        }
        if (p.collateral == CollateralType.PropertyRight) {
            if (rightId == 0) revert LoanBookCollateralRequired(productId);
            IPropertyRegistry.CollateralView memory c = registry.collateralAt(rightId, nowTime);
            if (c.holder != msg.sender) revert LoanBookNotRightHolder(rightId, msg.sender, c.holder);
            bool receipt = c.kind == IPropertyRegistry.Kind.WarehouseReceipt;
            if (receipt != (p.purpose == Purpose.InventoryPledge)) {
                revert LoanBookCollateralKindMismatch(productId, rightId, c.kind);
            }
        } else if (rightId != 0) {
            revert LoanBookUnsecuredProduct(productId, rightId);
        }
        if (guarantor != address(0)) _check(guarantor, g, _role(IConsortium.Role.Guarantor));

        loanId = ++_loanCount;
        Loan storage loan = _loans[loanId];
        loan.borrower = msg.sender;
        loan.productId = uint32(productId); // ≤ _productCount, one per lender call: far below 2^32
        loan.status = Status.Applied;
        loan.guarantor = guarantor;
        loan.principal = uint80(principal); // ≤ maxPrincipal < 2^80
        loan.rightId = uint64(rightId); // an existing right: ≤ the registry's count, far below 2^64
        emit LoanApplied(loanId, msg.sender, productId, principal, rightId, guarantor);
    }

    /// @inheritdoc ILoanBook
    function withdraw(uint256 loanId) external {
        (Loan storage loan, ) = _borrowerLoan(loanId);
        if (loan.status != Status.Applied) revert LoanBookWrongStatus(loanId, loan.status);
        loan.status = Status.Withdrawn;
        emit LoanWithdrawn(loanId, msg.sender);
    }

    /// @inheritdoc ILoanBook
    function approveGuarantee(uint256 loanId) external {
        Loan storage loan = _loan(loanId);
        if (msg.sender != loan.guarantor) revert LoanBookNotGuarantor(loanId, msg.sender, loan.guarantor);
        _requireRole(msg.sender, _role(IConsortium.Role.Guarantor));
        if (loan.status != Status.Applied) revert LoanBookWrongStatus(loanId, loan.status);
        if (loan.guaranteeApproved) revert LoanBookGuaranteeAlreadyApproved(loanId);
        loan.guaranteeApproved = true;
        emit GuaranteeApproved(loanId, msg.sender);
    }

    /// @inheritdoc ILoanBook
    function repay(uint256 loanId, uint256 amount) external {
        (Loan storage loan, uint256 nowTime) = _borrowerLoan(loanId);
        Status status = loan.status;
        if (status != Status.Active && status != Status.Defaulted) revert LoanBookWrongStatus(loanId, status);
        if (amount == 0) revert LoanBookZeroAmount();
        Product storage p = _products[loan.productId];
        if (status == Status.Active) _accrue(loan, p, nowTime);
        uint256 interestBefore = loan.interest;
        uint256 owedNow = uint256(loan.outstanding) + interestBefore;
        if (amount > owedNow) revert LoanBookRepaymentExceedsOwed(loanId, owedNow, amount);

        uint256 interestPart = amount < interestBefore ? amount : interestBefore;
        bool closed;
        if (status == Status.Active) {
            closed = _applyPayment(loan, amount) == 0;
            if (closed) loan.status = Status.Repaid;
        } else {
            closed = _recover(loan, amount) == 0;
        }
        loan.interestPaid += uint80(interestPart); // ≤ Σ interest accrued, itself stored in uint80

        ecny.systemTransferFrom(msg.sender, p.lender, amount);
        uint256 rightId = loan.rightId;
        if (closed && rightId != 0 && !loan.collateralDisposed) registry.releaseLien(rightId);
        emit RepaymentMade(loanId, msg.sender, amount, interestPart, amount - interestPart, loan.outstanding);
        if (closed) {
            if (status == Status.Active) emit LoanRepaid(loanId, loan.principal, loan.interestPaid);
            else emit LoanSettled(loanId, loan.recovered, 0);
        }
    }

    /// @inheritdoc ILoanBook
    function claimSurplus(uint256 loanId, uint256 amount) external {
        Loan storage loan = _loan(loanId);
        if (msg.sender != loan.borrower) revert LoanBookNotBorrower(loanId, msg.sender, loan.borrower);
        uint256 held = _heldSurplus[loanId];
        if (amount == 0) revert LoanBookZeroAmount();
        if (amount > held) revert LoanBookSurplusNotHeld(loanId, held, amount);
        unchecked {
            _heldSurplus[loanId] = held - amount; // amount ≤ held
        }
        ecny.transfer(msg.sender, amount); // e-CNY refuses a payee that is not an active member
        emit SurplusClaimed(loanId, msg.sender, amount, held - amount);
    }

    // ───────────────────────────── data feed ─────────────────────────────

    /// @inheritdoc ILoanBook
    function postWeeklySales(address borrower, uint256 weekIndex, uint256 salesFen) external {
        (IConsortium.Member memory feed, IConsortium.Member memory b, , uint256 nowTime) = _context(
            msg.sender,
            borrower,
            address(0)
        );
        _check(msg.sender, feed, _role(IConsortium.Role.DataFeed));
        _check(borrower, b, _borrowerRoles());
        if (weekIndex > type(uint32).max || salesFen > _MAX_AMOUNT) revert LoanBookInvalidSales(weekIndex, salesFen);
        SalesState storage s = _sales[borrower];
        bool consecutive;
        if (s.posted) {
            uint256 lastWeek = s.lastWeek;
            if (weekIndex <= lastWeek) revert LoanBookWeekNotIncreasing(borrower, lastWeek, weekIndex);
            consecutive = weekIndex == lastWeek + 1;
        }
        uint256 referenceSales = s.referenceSales;
        bool fallen = s.posted && LoanMath.isFallen(salesFen, referenceSales);
        s.posted = true;
        s.lastWeek = uint32(weekIndex); // ≤ 2^32 − 1 checked above
        s.lastSales = uint80(salesFen); // ≤ 2^80 − 1 checked above
        if (!fallen) {
            s.referenceSales = uint80(salesFen);
            s.fallenStreak = 0;
            s.slumpGraced = false; // a non-fallen week, and only that, ends the slump
            emit WeeklySalesPosted(borrower, weekIndex, salesFen, referenceSales, false);
            return;
        }
        uint256 streak = consecutive ? uint256(s.fallenStreak) + 1 : 1;
        if (streak > type(uint8).max) streak = type(uint8).max; // saturates: only == 2 matters
        s.fallenStreak = uint8(streak);
        emit WeeklySalesPosted(borrower, weekIndex, salesFen, referenceSales, true);
        // Once per slump: a gap in the weeks restarts the streak but not the slump, so without the
        // flag a missing week would let the same slump extend its grace again.
        if (streak == _FALLEN_WEEKS_FOR_GRACE && !s.slumpGraced) {
            s.slumpGraced = true;
            uint256 until = nowTime + _flexibleGraceDays * 1 days;
            if (until > s.graceUntil) s.graceUntil = uint40(until); // project time + ≤ 365 days
            emit FlexibleGraceGranted(borrower, weekIndex, referenceSales, salesFen, s.graceUntil);
        }
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc ILoanBook
    function productOf(uint256 productId) external view returns (Product memory) {
        return _products[productId];
    }

    /// @inheritdoc ILoanBook
    function loanOf(uint256 loanId) external view returns (Loan memory) {
        return _loans[loanId];
    }

    /// @inheritdoc ILoanBook
    function lenderOf(uint256 loanId) external view returns (address) {
        return _products[_loans[loanId].productId].lender;
    }

    /// @inheritdoc ILoanBook
    function owed(uint256 loanId) external view returns (uint256 principal, uint256 interest) {
        Loan storage loan = _loans[loanId];
        if (loan.status == Status.Defaulted) return (loan.outstanding, loan.interest);
        if (loan.status != Status.Active) return (0, 0);
        Product storage p = _products[loan.productId];
        (uint256 accrued, ) = _pendingInterest(loan, p, _now());
        return (loan.outstanding, uint256(loan.interest) + accrued);
    }

    /// @inheritdoc ILoanBook
    function nextDue(uint256 loanId) external view returns (uint256 dueAt, uint256 principalDue) {
        Loan storage loan = _loans[loanId];
        if (loan.status != Status.Active) return (0, 0);
        return _firstUnmetDue(loan, _products[loan.productId]);
    }

    /// @inheritdoc ILoanBook
    function heldSurplus(uint256 loanId) external view returns (uint256) {
        return _heldSurplus[loanId];
    }

    /// @inheritdoc ILoanBook
    function graceUntil(address borrower) external view returns (uint256) {
        return _sales[borrower].graceUntil;
    }

    /// @inheritdoc ILoanBook
    function salesStateOf(address borrower) external view returns (SalesState memory) {
        return _sales[borrower];
    }

    /// @inheritdoc ILoanBook
    function flexibleGraceDays() external view returns (uint256) {
        return _flexibleGraceDays;
    }

    /// @inheritdoc ILoanBook
    function riskSharingParties() external view returns (uint256 version, RiskParties memory parties) {
        version = _parties.length;
        if (version != 0) parties = _parties[version - 1];
    }

    /// @inheritdoc ILoanBook
    function riskSharingPartiesAt(uint256 version) external view returns (RiskParties memory) {
        return _parties[version - 1];
    }

    /// @inheritdoc ILoanBook
    function defaultGuaranteeTerms() external pure returns (uint256 feeBps, RiskShares memory shares) {
        return (DEFAULT_GUARANTEE_FEE_BPS, RiskShares(2_000, 3_000, 2_000, 3_000));
    }

    /// @inheritdoc ILoanBook
    function productCount() external view returns (uint256) {
        return _productCount;
    }

    /// @inheritdoc ILoanBook
    function loanCount() external view returns (uint256) {
        return _loanCount;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Checks a product's parameters; returns the instalment count to store (1 for a bullet).
    function _validate(ProductParams calldata params) private pure returns (uint256 instalments) {
        uint256 nameLength = bytes(params.name).length;
        if (nameLength == 0 || nameLength > _MAX_NAME) revert LoanBookInvalidName(nameLength);
        bool secured = params.collateral == CollateralType.PropertyRight;
        if (secured ? (params.ltvBps == 0 || params.ltvBps > _BPS) : params.ltvBps != 0) {
            revert LoanBookInvalidLtv(params.collateral, params.ltvBps);
        }
        if (params.purpose == Purpose.InventoryPledge && !secured)
            revert LoanBookPurposeNeedsCollateral(params.purpose);
        if (params.rateBps > _MAX_RATE_BPS) revert LoanBookInvalidRate(params.rateBps);
        uint256 termDays = params.termDays;
        if (termDays == 0 || termDays > _MAX_TERM_DAYS) revert LoanBookInvalidTerm(termDays);
        instalments = params.instalments;
        if (
            params.shape == Shape.Bullet
                ? instalments > 1
                : (instalments < 2 || instalments > termDays || instalments > _MAX_INSTALMENTS)
        ) revert LoanBookInvalidInstalments(params.shape, instalments, termDays);
        if (params.shape == Shape.Bullet) instalments = 1;
        if (params.graceDays > _MAX_GRACE_DAYS) revert LoanBookInvalidGraceDays(params.graceDays);
        if (params.guaranteeFeeBps > _MAX_FEE_BPS) revert LoanBookInvalidGuaranteeFee(params.guaranteeFeeBps);
        RiskShares calldata s = params.shares;
        if (uint256(s.nationalBps) + s.provincialBps + s.lenderBps + s.guarantorBps != _BPS) {
            revert LoanBookInvalidRiskShares(s.nationalBps, s.provincialBps, s.lenderBps, s.guarantorBps);
        }
        if (
            params.minPrincipal < instalments ||
            params.minPrincipal > params.maxPrincipal ||
            params.maxPrincipal > _MAX_AMOUNT
        ) revert LoanBookInvalidPrincipalBounds(params.minPrincipal, params.maxPrincipal);
    }

    /// @dev The disbursement checks on a pledged right. The lien itself is checked by the registry
    /// (`RegistryLienExists`) when it is placed in the same transaction.
    function _checkPledge(
        uint256 loanId,
        uint256 rightId,
        address borrower,
        uint256 principal,
        uint256 ltvBps,
        uint256 maturity,
        uint256 nowTime
    ) private view {
        IPropertyRegistry.CollateralView memory c = registry.collateralAt(rightId, nowTime);
        if (c.holder != borrower) revert LoanBookNotRightHolder(rightId, borrower, c.holder);
        if (c.appraisalFen == 0) revert LoanBookNoValidAppraisal(rightId);
        uint256 cap = LoanMath.maxPrincipal(c.appraisalFen, ltvBps);
        if (principal > cap) revert LoanBookAboveLtv(loanId, principal, c.appraisalFen, ltvBps, cap);
        if (c.termEnd < maturity) revert LoanBookRightTermTooShort(rightId, c.termEnd, maturity);
    }

    /// @dev Accrues interest on the outstanding principal for the whole days since the last accrual.
    function _accrue(Loan storage loan, Product storage p, uint256 nowTime) private {
        (uint256 accrued, uint256 days_) = _pendingInterest(loan, p, nowTime);
        if (days_ == 0) return;
        // Interest beyond 2^80 fen would exceed any e-CNY supply; the checked cast refuses it.
        loan.interest = SafeCast.toUint80(uint256(loan.interest) + accrued);
        loan.accruedAt = uint40(uint256(loan.accruedAt) + days_ * 1 days); // ≤ nowTime < 2^40
    }

    function _pendingInterest(
        Loan storage loan,
        Product storage p,
        uint256 nowTime
    ) private view returns (uint256 accrued, uint256 days_) {
        days_ = (nowTime - loan.accruedAt) / 1 days;
        if (days_ == 0) return (0, 0);
        uint256 basis = p.dayCount == DayCount.Act360 ? 360 : 365;
        accrued = LoanMath.interest(loan.outstanding, p.rateBps, days_, basis);
    }

    /// @dev Applies a payment interest first, then principal. Returns what is still owed.
    function _applyPayment(Loan storage loan, uint256 amount) private returns (uint256 remaining) {
        uint256 interest = loan.interest;
        uint256 outstanding = loan.outstanding;
        // The callers cap amount at interest + outstanding, so none of these subtractions underflow.
        unchecked {
            if (amount <= interest) {
                loan.interest = uint80(interest - amount);
            } else {
                loan.interest = 0;
                loan.outstanding = uint80(outstanding - (amount - interest));
            }
            remaining = interest + outstanding - amount;
        }
    }

    /// @dev Applies a recovery on a Defaulted loan; settles it when nothing remains.
    function _recover(Loan storage loan, uint256 amount) private returns (uint256 remaining) {
        remaining = _applyPayment(loan, amount);
        loan.recovered += uint80(amount); // Σ recovered ≤ debtAtDefault < 2^80
        if (remaining == 0) loan.status = Status.Settled;
    }

    /// @dev Closes a Defaulted loan whose pledge (if any) was disposed of; returns the remaining loss.
    function _closeWithLoss(uint256 loanId, Loan storage loan) private returns (uint256 loss) {
        if (loan.rightId != 0 && !loan.collateralDisposed) revert LoanBookCollateralNotDisposed(loanId, loan.rightId);
        loss = uint256(loan.outstanding) + loan.interest;
        loan.outstanding = 0;
        loan.interest = 0;
        loan.status = Status.Settled;
    }

    /// @dev The first unmet due date of an Active loan and the principal still due by then.
    function _firstUnmetDue(
        Loan storage loan,
        Product storage p
    ) private view returns (uint256 dueAt, uint256 principalDue) {
        uint256 principal = loan.principal;
        uint256 dueDay;
        (, dueDay, principalDue) = LoanMath.firstUnmet(
            principal,
            principal - loan.outstanding,
            p.instalments,
            p.termDays
        );
        dueAt = uint256(loan.disbursedAt) + dueDay * 1 days;
    }

    /// @dev The loan, which must exist, whose product's lender is the caller (active), in `status`.
    function _lenderLoan(uint256 loanId, Status status) private view returns (Loan storage loan, Product storage p) {
        (loan, p) = _ownLoan(loanId);
        _requireRole(msg.sender, _lenderRoles());
        if (loan.status != status) revert LoanBookWrongStatus(loanId, loan.status);
    }

    /// @dev As `_lenderLoan`, from the one Consortium call that also returns the member `other`
    /// (unchecked; zero: none) and the project time.
    function _lenderLoanAt(
        uint256 loanId,
        Status status,
        address other
    ) private view returns (Loan storage loan, Product storage p, IConsortium.Member memory o, uint256 nowTime) {
        (loan, p) = _ownLoan(loanId);
        IConsortium.Member memory caller;
        (caller, o, , nowTime) = _context(msg.sender, other, address(0));
        _check(msg.sender, caller, _lenderRoles());
        if (loan.status != status) revert LoanBookWrongStatus(loanId, loan.status);
    }

    /// @dev The loan, which must exist, whose product's lender is the caller (not yet checked).
    function _ownLoan(uint256 loanId) private view returns (Loan storage loan, Product storage p) {
        loan = _loan(loanId);
        p = _products[loan.productId];
        if (msg.sender != p.lender) revert LoanBookNotLender(loanId, msg.sender, p.lender);
    }

    /// @dev The loan, which must exist, whose borrower is the caller (active), and for an Active loan the
    /// project time, from the same one Consortium call (other loans need no time: the smaller `statusOf`).
    function _borrowerLoan(uint256 loanId) private view returns (Loan storage loan, uint256 nowTime) {
        loan = _loan(loanId);
        if (msg.sender != loan.borrower) revert LoanBookNotBorrower(loanId, msg.sender, loan.borrower);
        if (loan.status != Status.Active) {
            _requireActive(msg.sender);
            return (loan, 0);
        }
        IConsortium.Member memory caller;
        (caller, , , nowTime) = _context(msg.sender, address(0), address(0));
        if (caller.status != IConsortium.Status.Active) revert IConsortium.MemberNotActive(msg.sender, caller.status);
    }

    /// @dev Checks the applicant; returns the guarantor's member (unchecked) and the project time from the
    /// same one Consortium call, or asks the smaller `memberOf` when neither is needed (no guarantor, no
    /// pledge).
    function _applicant(
        address guarantor,
        bool secured
    ) private view returns (IConsortium.Member memory g, uint256 nowTime) {
        if (guarantor == address(0) && !secured) {
            _requireRole(msg.sender, _borrowerRoles());
        } else {
            IConsortium.Member memory caller;
            (caller, g, , nowTime) = _context(msg.sender, guarantor, address(0));
            _check(msg.sender, caller, _borrowerRoles());
        }
    }

    function _loan(uint256 loanId) private view returns (Loan storage loan) {
        loan = _loans[loanId];
        if (loan.status == Status.None) revert LoanBookUnknownLoan(loanId);
    }

    /// @dev Who may lend: operator banks and micro-lenders.
    function _lenderRoles() private pure returns (uint256) {
        return _roles(IConsortium.Role.OperatorBank, IConsortium.Role.MicroLender);
    }

    /// @dev Who may borrow: farmers and cooperatives, suppliers, distributors, merchants, core firms.
    function _borrowerRoles() private pure returns (uint256) {
        return
            _roles(IConsortium.Role.Farmer, IConsortium.Role.Supplier, IConsortium.Role.Distributor) |
            _roles(IConsortium.Role.Merchant, IConsortium.Role.CoreEnterprise);
    }
}
