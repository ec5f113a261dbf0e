// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {LendingFixture} from "./LendingFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";
import {ILoanBook} from "../../../contracts/interfaces/ILoanBook.sol";
import {IPropertyRegistry} from "../../../contracts/interfaces/IPropertyRegistry.sol";
import {LoanBook} from "../../../contracts/lending/LoanBook.sol";
import {PropertyRegistry} from "../../../contracts/lending/PropertyRegistry.sol";

/// @notice Drives the registry and the loan book with random actions and keeps ghost totals.
/// Every action is attempted with try/catch: refusals are expected, successes are audited.
// solhint-disable-next-line max-states-count
contract LendingHandler {
    struct Actors {
        address bank;
        address coop;
        address guarantor;
        address provincial;
        address nationalFund;
        address registry;
        address appraiser;
        address dataFeed;
        address merchant;
    }

    LoanBook internal immutable book;
    PropertyRegistry internal immutable rights;
    IECNY internal immutable ecny;
    IConsortium internal immutable consortium;
    Actors internal a;
    uint256 internal immutable securedProduct;
    uint256 internal immutable unsecuredProduct;

    uint256 private constant _APPLIED = 1 << uint8(ILoanBook.Status.Applied);
    uint256 private constant _ACTIVE = 1 << uint8(ILoanBook.Status.Active);
    uint256 private constant _DEFAULTED = 1 << uint8(ILoanBook.Status.Defaulted);
    // Pseudo-statuses above bit 7: Defaulted loans ready for one closing action.
    uint256 private constant _TO_DISPOSE = 1 << 8; // secured, not yet disposed
    uint256 private constant _TO_SHARE = 1 << 9; // guaranteed, collateral (if any) disposed
    uint256 private constant _TO_WRITE_OFF = 1 << 10; // unguaranteed, collateral (if any) disposed

    uint256[] public rightIds;
    uint256[] public loanIds;
    uint256 internal nextWeek;

    // ghost totals (violations must stay 0)
    uint256 public ghostIssued; // e-CNY issued by the handler (borrower income, buyers' money)
    uint256 public ghostSecondLien;
    uint256 public ghostPledgedRightMoved;
    uint256 public ghostReleasedWhileOwed;
    uint256 public ghostBadDisbursement; // above LTV or on an expired appraisal
    uint256 public ghostLoss; // Σ losses shared by callGuarantee
    uint256 public ghostShareSum; // Σ (measured guarantor-side payments + lender share)
    uint256 public ghostGuaranteePayouts; // Σ e-CNY the lender received in callGuarantee
    uint256 public ghostNonLenderShares; // Σ (loss − lender share)
    uint256 public ghostDisbursed;
    uint256 public ghostDefaults;
    uint256 public ghostDisposals;
    uint256 public ghostClosedByRepayment;
    mapping(uint256 loanId => uint256) public ghostFinalLoss; // shared or written off
    uint256 public ghostHeld; // Σ surpluses the book took to hold for the borrower
    uint256 public ghostClaimed; // Σ held surpluses claimed
    uint256 private constant _LOOSE_CAP = 1e13; // the fixture's corporate caps (¥100 bn)

    constructor(
        LoanBook book_,
        PropertyRegistry rights_,
        IECNY ecny_,
        IConsortium consortium_,
        Actors memory actors,
        uint256 securedProduct_,
        uint256 unsecuredProduct_
    ) {
        book = book_;
        rights = rights_;
        ecny = ecny_;
        consortium = consortium_;
        a = actors;
        securedProduct = securedProduct_;
        unsecuredProduct = unsecuredProduct_;
    }

    // ───────────────────────────── actions ─────────────────────────────

    function register(uint256 areaMu) external {
        uint256 t = consortium.currentTime();
        string memory cert = string(abi.encodePacked("INV-", uint32(rightIds.length + 1)));
        vm.prank(a.registry);
        try
            rights.register(
                IPropertyRegistry.Kind.LandManagement,
                cert,
                "c",
                "v",
                1 + (areaMu % 50_000),
                t,
                t + 30 * 365 days,
                a.coop
            )
        returns (uint256 id) {
            rightIds.push(id);
        } catch {}
    }

    function appraise(uint256 rightSeed, uint256 value, uint256 validDays) external {
        if (rightIds.length == 0) return;
        uint256 id = rightIds[rightSeed % rightIds.length];
        uint256 until = consortium.currentTime() + 1 + (validDays % 200) * 1 days;
        vm.prank(a.appraiser);
        try rights.appraise(id, 1 + (value % (3_000_000 * 100)), until) {} catch {}
    }

    function applyLoan(uint256 rightSeed, uint256 principal, bool secured, bool guaranteed) external {
        uint256 rightId;
        if (secured) {
            if (rightIds.length == 0) return;
            rightId = rightIds[rightSeed % rightIds.length];
        }
        principal = 10_000_00 + (principal % 1_500_000_00);
        vm.prank(a.coop);
        try
            book.applyForLoan(
                secured ? securedProduct : unsecuredProduct,
                principal,
                rightId,
                guaranteed ? a.guarantor : address(0)
            )
        returns (uint256 id) {
            loanIds.push(id);
        } catch {}
    }

    function approveGuarantee(uint256 loanSeed) external {
        (bool ok, uint256 id) = _pick(loanSeed, _APPLIED);
        if (!ok) return;
        vm.prank(a.guarantor);
        try book.approveGuarantee(id) {} catch {}
    }

    function disburse(uint256 loanSeed) external {
        (bool ok, uint256 id) = _pick(loanSeed, _APPLIED);
        if (!ok) return;
        ILoanBook.Loan memory loan = book.loanOf(id);
        if (loan.guarantor != address(0) && !loan.guaranteeApproved && loanSeed % 4 != 0) {
            vm.prank(a.guarantor); // usually the guarantor has approved by now
            try book.approveGuarantee(id) {} catch {}
        }
        uint256 appraisal = loan.rightId == 0 ? 0 : rights.validAppraisal(loan.rightId);
        uint256 ltv = book.productOf(loan.productId).ltvBps;
        vm.prank(a.bank);
        try book.approveAndDisburse(id) {
            ++ghostDisbursed;
            if (loan.rightId != 0 && (appraisal == 0 || loan.principal > (appraisal * ltv) / 10_000)) {
                ++ghostBadDisbursement;
            }
        } catch {}
    }

    function repay(uint256 loanSeed, uint256 amount) external {
        (bool ok, uint256 id) = _pick(loanSeed, _ACTIVE | _DEFAULTED);
        if (!ok) return;
        (uint256 principal, uint256 interest) = book.owed(id);
        uint256 owedNow = principal + interest;
        if (owedNow == 0) return;
        amount = 1 + (amount % owedNow);
        if (amount % 3 == 0) amount = owedNow; // often repay in full
        uint256 balance = ecny.balanceOf(a.coop);
        if (balance < amount) _issue(a.coop, amount - balance);
        vm.prank(a.coop);
        try book.repay(id, amount) {
            ILoanBook.Loan memory loan = book.loanOf(id);
            bool live = loan.status == ILoanBook.Status.Active || loan.status == ILoanBook.Status.Defaulted;
            if (!live) ++ghostClosedByRepayment;
            if (loan.rightId != 0 && !loan.collateralDisposed) {
                bool liened = rights.lienOf(loan.rightId).loanId == id;
                if (live && !liened) ++ghostReleasedWhileOwed;
                if (!live && rights.hasLien(loan.rightId) && liened) ++ghostReleasedWhileOwed; // kept after close
            }
        } catch {}
    }

    function postSales(uint256 sales, bool skipWeek) external {
        nextWeek += skipWeek ? 2 : 1;
        vm.prank(a.dataFeed);
        try book.postWeeklySales(a.coop, nextWeek, sales % (200_000 * 100)) {} catch {}
    }

    function warp(uint256 days_) external {
        vm.warp(block.timestamp + (days_ % 200) * 1 days + (days_ % 86_400));
    }

    /// @dev Moves time just past an Active loan's first unmet due date plus its grace days (or, one
    /// time in four, to just before it, to exercise the refusal).
    function warpPastDue(uint256 loanSeed) external {
        (bool ok, uint256 id) = _pick(loanSeed, _ACTIVE);
        if (!ok) return;
        (uint256 dueAt, ) = book.nextDue(id);
        if (dueAt == 0) return;
        uint256 target = dueAt + uint256(book.productOf(book.loanOf(id).productId).graceDays) * 1 days;
        target = loanSeed % 4 == 0 ? target : target + 1;
        if (target > block.timestamp) vm.warp(target);
    }

    function declareDefault(uint256 loanSeed) external {
        (bool ok, uint256 id) = _pick(loanSeed, _ACTIVE);
        if (!ok) return;
        vm.prank(a.bank);
        try book.declareDefault(id) {
            ++ghostDefaults;
        } catch {}
    }

    /// @param capped the coop's bank first caps its balance at what it holds, so a surplus is held.
    function dispose(uint256 loanSeed, uint256 price, bool lenderBuys, bool capped) external {
        (bool ok, uint256 id) = _pick(loanSeed, _TO_DISPOSE);
        if (!ok) return;
        (uint256 principal, uint256 interest) = book.owed(id);
        price = 1 + (price % (2 * (principal + interest) + 1));
        address buyer = lenderBuys ? a.bank : a.merchant;
        if (!lenderBuys) {
            _issue(a.merchant, price);
            vm.prank(a.merchant);
            ecny.approve(address(book), price);
        }
        if (capped) _setCoopBalanceCap(ecny.balanceOf(a.coop) + 1);
        uint256 bookBefore = ecny.balanceOf(address(book));
        vm.prank(a.bank);
        try book.dispose(id, buyer, price) {
            ++ghostDisposals;
            ghostHeld += ecny.balanceOf(address(book)) - bookBefore;
            ILoanBook.Loan memory loan = book.loanOf(id);
            if (rights.ownerOf(loan.rightId) != buyer || rights.hasLien(loan.rightId)) ++ghostPledgedRightMoved;
        } catch {}
        if (!lenderBuys) {
            vm.prank(a.merchant);
            ecny.approve(address(book), 0);
        }
        if (capped) _setCoopBalanceCap(_LOOSE_CAP);
    }

    function _setCoopBalanceCap(uint256 cap) private {
        vm.prank(a.bank);
        ecny.setCorporateCaps(a.coop, _LOOSE_CAP, _LOOSE_CAP, cap);
    }

    function callGuarantee(uint256 loanSeed) external {
        (bool ok, uint256 id) = _pick(loanSeed, _TO_SHARE);
        if (!ok) return;
        (uint256 principal, uint256 interest) = book.owed(id);
        uint256 loss = principal + interest;
        uint256 partiesBefore = _partiesBalance();
        uint256 bankBefore = ecny.balanceOf(a.bank);
        vm.prank(a.bank);
        try book.callGuarantee(id) {
            uint256 paid = partiesBefore - _partiesBalance();
            uint256 lenderBps = book.productOf(book.loanOf(id).productId).shares.lenderBps;
            uint256 lenderShare = (loss * lenderBps) / 10_000;
            ghostLoss += loss;
            ghostShareSum += paid + lenderShare;
            ghostGuaranteePayouts += ecny.balanceOf(a.bank) - bankBefore;
            ghostNonLenderShares += loss - lenderShare;
            ghostFinalLoss[id] = loss;
        } catch {}
    }

    function writeOff(uint256 loanSeed) external {
        (bool ok, uint256 id) = _pick(loanSeed, _TO_WRITE_OFF);
        if (!ok) return;
        (uint256 principal, uint256 interest) = book.owed(id);
        vm.prank(a.bank);
        try book.writeOff(id) {
            ghostFinalLoss[id] = principal + interest;
        } catch {}
    }

    /// @dev Attempts to move a right by the registry: must fail while the right is pledged.
    function claimSurplus(uint256 loanSeed, uint256 amount) external {
        uint256 n = loanIds.length;
        for (uint256 k; k < n; ++k) {
            uint256 id = loanIds[(loanSeed + k) % n];
            uint256 held = book.heldSurplus(id);
            if (held == 0) continue;
            amount = 1 + (amount % held);
            vm.prank(a.coop);
            try book.claimSurplus(id, amount) {
                ghostClaimed += amount;
            } catch {}
            return;
        }
    }

    function tryMoveRight(uint256 rightSeed) external {
        if (rightIds.length == 0) return;
        uint256 id = rightIds[rightSeed % rightIds.length];
        bool pledged = rights.hasLien(id);
        address to = rights.ownerOf(id) == a.coop ? a.merchant : a.coop;
        vm.prank(a.registry);
        try rights.transferByRegistry(id, to, IPropertyRegistry.TransferReason.Circulation) {
            if (pledged) ++ghostPledgedRightMoved;
        } catch {}
    }

    /// @dev Attempts a second lien (this handler is a registered system contract): must fail.
    function trySecondLien(uint256 rightSeed) external {
        if (rightIds.length == 0) return;
        uint256 id = rightIds[rightSeed % rightIds.length];
        if (!rights.hasLien(id)) return;
        try rights.placeLien(id, a.bank, 999_999, consortium.currentTime()) {
            ++ghostSecondLien;
        } catch {}
    }

    // ───────────────────────────── views for the invariants ─────────────────────────────

    function loanCount() external view returns (uint256) {
        return loanIds.length;
    }

    function rightCount() external view returns (uint256) {
        return rightIds.length;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev A loan whose status is in `statusMask`, scanning from a random start; else any loan
    /// (so that refusals on the wrong status are exercised too), one time in eight.
    function _pick(uint256 seed, uint256 statusMask) private view returns (bool, uint256) {
        uint256 n = loanIds.length;
        if (n == 0) return (false, 0);
        if (seed % 8 == 7) return (true, loanIds[(seed >> 3) % n]);
        for (uint256 i; i < n; ++i) {
            uint256 id = loanIds[(seed + i) % n];
            if (statusMask & _tags(book.loanOf(id)) != 0) return (true, id);
        }
        return (false, 0);
    }

    function _tags(ILoanBook.Loan memory loan) private pure returns (uint256 tags) {
        tags = 1 << uint8(loan.status);
        if (loan.status != ILoanBook.Status.Defaulted) return tags;
        bool secured = loan.rightId != 0;
        if (secured && !loan.collateralDisposed) return tags | _TO_DISPOSE;
        return tags | (loan.guarantor != address(0) ? _TO_SHARE : _TO_WRITE_OFF);
    }

    function _issue(address wallet, uint256 amount) private {
        ghostIssued += amount;
        vm.prank(a.bank);
        ecny.issue(wallet, amount);
    }

    function _partiesBalance() private view returns (uint256) {
        return ecny.balanceOf(a.guarantor) + ecny.balanceOf(a.provincial) + ecny.balanceOf(a.nationalFund);
    }
}

/// @notice Invariants of the lending engine under random register/appraise/apply/approve/disburse/
/// repay/postSales/warp/default/dispose/callGuarantee/writeOff sequences. Loans need several steps
/// to reach a default and a disposal, so the campaign trades runs for depth at the same cost.
/// forge-config: default.invariant.runs = 32
/// forge-config: default.invariant.depth = 80
contract LoanBookInvariantTest is LendingFixture {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    LendingHandler internal handler;
    uint256 internal initialSupply;

    function setUp() public {
        _deployLending();
        ILoanBook.ProductParams memory seasonal = _pearParams(); // a short season, so defaults happen
        seasonal.termDays = 90;
        seasonal.graceDays = 10;
        uint256 secured = _createProduct(bank, seasonal);
        ILoanBook.ProductParams memory unsecured = _potatoParams();
        unsecured.shares = _shares(0, 1_000, 2_000, 7_000);
        uint256 unsecuredId = _createProduct(bank, unsecured);
        handler = new LendingHandler(
            book,
            rights,
            ecny,
            consortium,
            LendingHandler.Actors({
                bank: bank,
                coop: coop,
                guarantor: guarantor,
                provincial: provincial,
                nationalFund: nationalFund,
                registry: registry,
                appraiser: appraiser,
                dataFeed: dataFeed,
                merchant: merchant
            }),
            secured,
            unsecuredId
        );
        vm.prank(operator);
        consortium.registerSystemContract(address(handler), "InvariantHandler"); // to try second liens
        for (uint256 i; i < 3; ++i) {
            handler.register(8_000 + i); // three appraised rights to start from
            handler.appraise(i, 2_000_000 * YUAN + i, 199);
        }
        initialSupply = ecny.totalSupply();
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory s = new bytes4[](18);
        s[0] = LendingHandler.register.selector;
        s[1] = LendingHandler.appraise.selector;
        s[2] = LendingHandler.applyLoan.selector;
        s[3] = LendingHandler.approveGuarantee.selector;
        s[4] = LendingHandler.disburse.selector;
        s[5] = LendingHandler.repay.selector;
        s[6] = LendingHandler.postSales.selector;
        s[7] = LendingHandler.warp.selector;
        s[8] = LendingHandler.declareDefault.selector;
        s[9] = LendingHandler.dispose.selector;
        s[10] = LendingHandler.callGuarantee.selector;
        s[11] = LendingHandler.writeOff.selector;
        s[12] = LendingHandler.tryMoveRight.selector;
        s[13] = LendingHandler.trySecondLien.selector;
        s[14] = LendingHandler.disburse.selector; // weighted: disbursement and time drive most paths
        s[15] = LendingHandler.warp.selector;
        s[16] = LendingHandler.warpPastDue.selector;
        s[17] = LendingHandler.claimSurplus.selector;
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), s);
    }

    /// @dev No right ever carries a second lien, and every lien belongs to the live loan it secures.
    function invariant_noSecondLien() public view {
        _assertEq(handler.ghostSecondLien(), 0, "second lien placed");
        for (uint256 i; i < handler.rightCount(); ++i) {
            uint256 rightId = handler.rightIds(i);
            IPropertyRegistry.Lien memory lien = rights.lienOf(rightId);
            if (lien.lender == address(0)) continue;
            ILoanBook.Loan memory loan = book.loanOf(lien.loanId);
            _assertEq(loan.rightId, rightId, "lien for another right");
            _assertTrue(_live(loan) && !loan.collateralDisposed, "lien of a closed loan");
        }
    }

    /// @dev A pledged right never moves: it stays with the borrower while its loan is live.
    function invariant_pledgedRightNeverMoves() public view {
        _assertEq(handler.ghostPledgedRightMoved(), 0, "pledged right moved");
        for (uint256 i; i < handler.loanCount(); ++i) {
            ILoanBook.Loan memory loan = book.loanOf(handler.loanIds(i));
            if (loan.rightId == 0 || !_live(loan) || loan.collateralDisposed) continue;
            _assertTrue(rights.ownerOf(loan.rightId) == loan.borrower, "pledged right left the borrower");
        }
    }

    /// @dev While money is owed on a live pledge, its lien is in place.
    function invariant_noReleaseWhileOwed() public view {
        _assertEq(handler.ghostReleasedWhileOwed(), 0, "released while owed");
        for (uint256 i; i < handler.loanCount(); ++i) {
            uint256 id = handler.loanIds(i);
            ILoanBook.Loan memory loan = book.loanOf(id);
            if (loan.rightId == 0 || !_live(loan) || loan.collateralDisposed) continue;
            _assertEq(rights.lienOf(loan.rightId).loanId, id, "no lien while owed");
            _assertTrue(uint256(loan.outstanding) + loan.interest > 0, "live loan owes money");
        }
    }

    /// @dev Never disbursed above floor(appraisal × LTV) nor on an expired appraisal.
    function invariant_noDisbursementAboveLtvOrExpiredAppraisal() public view {
        _assertEq(handler.ghostBadDisbursement(), 0, "bad disbursement");
    }

    /// @dev Σ loss shares == Σ losses, to the fen.
    function invariant_lossSharesSumToLoss() public view {
        _assertEq(handler.ghostShareSum(), handler.ghostLoss(), "shares vs loss");
    }

    /// @dev What the lender received from guarantees == Σ non-lender shares.
    function invariant_guaranteePayoutsEqualNonLenderShares() public view {
        _assertEq(handler.ghostGuaranteePayouts(), handler.ghostNonLenderShares(), "payouts");
    }

    /// @dev Lending moves e-CNY, never creates or destroys it; the book holds exactly the disposal
    /// surpluses it holds for borrowers (taken, less claimed).
    function invariant_ecnyConserved() public view {
        _assertEq(ecny.totalSupply(), initialSupply + handler.ghostIssued(), "supply");
        uint256 held;
        for (uint256 i; i < handler.loanCount(); ++i) held += book.heldSurplus(handler.loanIds(i));
        _assertEq(ecny.balanceOf(address(book)), held, "book balance == held surpluses");
        _assertEq(held, handler.ghostHeld() - handler.ghostClaimed(), "held == taken - claimed");
    }

    /// @dev After a default: recovered + the final loss == the debt at default; outstanding ≤ principal.
    function invariant_defaultedDebtAccounted() public view {
        for (uint256 i; i < handler.loanCount(); ++i) {
            uint256 id = handler.loanIds(i);
            ILoanBook.Loan memory loan = book.loanOf(id);
            _assertTrue(loan.outstanding <= loan.principal, "outstanding above principal");
            if (loan.defaultedAt == 0) continue;
            uint256 open = uint256(loan.outstanding) + loan.interest;
            _assertEq(
                uint256(loan.recovered) + handler.ghostFinalLoss(id) + open,
                loan.debtAtDefault,
                "debt accounting"
            );
        }
    }

    function _live(ILoanBook.Loan memory loan) private pure returns (bool) {
        return loan.status == ILoanBook.Status.Active || loan.status == ILoanBook.Status.Defaulted;
    }
}
