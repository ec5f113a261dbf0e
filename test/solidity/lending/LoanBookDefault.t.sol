// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {vmx} from "./VmLending.sol";
import {LendingFixture} from "./LendingFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";
import {ILoanBook} from "../../../contracts/interfaces/ILoanBook.sol";
import {IPropertyRegistry} from "../../../contracts/interfaces/IPropertyRegistry.sol";

/// @notice Flexible repayment (弹性还款), default (违约), disposal (处置), risk sharing and write-off.
contract LoanBookDefaultTest is LendingFixture {
    uint256 internal constant P = 1_200_000 * YUAN;
    uint256 internal constant DEFAULTABLE = T0 + 395 days + 1; // maturity + 30 grace days + 1 s
    uint256 internal pearId;
    uint256 internal potatoId;
    uint256 internal land;

    function setUp() public {
        _deployLending();
        pearId = _createProduct(bank, _pearParams());
        potatoId = _createProduct(bank, _potatoParams());
        land = _land(coop, "130638-2026-000001", 80);
        _appraise(land, 2_000_000 * YUAN, 365);
        _fund(coop, 1_000_000 * YUAN);
        _fund(merchant, 5_000_000 * YUAN);
    }

    // ───────────────────────────── postWeeklySales ─────────────────────────────

    function test_postWeeklySales_firstPostSetsReference() public {
        vmx.expectEmit(address(book));
        emit ILoanBook.WeeklySalesPosted(coop, 10, 100_000 * YUAN, 0, false);
        _sales(coop, 10, 100_000 * YUAN);
        ILoanBook.SalesState memory s = book.salesStateOf(coop);
        _assertEq(s.referenceSales, 100_000 * YUAN, "reference");
        _assertEq(s.lastSales, 100_000 * YUAN, "last");
        _assertEq(s.lastWeek, 10, "week");
        _assertTrue(s.posted && s.fallenStreak == 0 && s.graceUntil == 0, "state");
    }

    function test_postWeeklySales_fallenWeekKeepsReferenceAndSixtyPercentIsNotFallen() public {
        _sales(coop, 1, 100_000 * YUAN);
        vmx.expectEmit(address(book));
        emit ILoanBook.WeeklySalesPosted(coop, 2, 60_000 * YUAN - 1, 100_000 * YUAN, true);
        _sales(coop, 2, 60_000 * YUAN - 1); // one fen under 60%: fallen
        ILoanBook.SalesState memory s = book.salesStateOf(coop);
        _assertEq(s.referenceSales, 100_000 * YUAN, "reference kept");
        _assertEq(s.fallenStreak, 1, "streak");
        _sales(coop, 3, 60_000 * YUAN); // exactly 60%: a fall of 40%, not more
        s = book.salesStateOf(coop);
        _assertEq(s.referenceSales, 60_000 * YUAN, "new reference");
        _assertEq(s.fallenStreak, 0, "streak reset");
        _assertEq(book.graceUntil(coop), 0, "no grace");
    }

    function test_postWeeklySales_twoFallenWeeksRunningGrantGrace() public {
        _sales(coop, 1, 100_000 * YUAN);
        _sales(coop, 2, 55_000 * YUAN);
        vm.warp(T0 + 3 days);
        vmx.expectEmit(address(book));
        emit ILoanBook.FlexibleGraceGranted(coop, 3, 100_000 * YUAN, 55_000 * YUAN, T0 + 63 days);
        _sales(coop, 3, 55_000 * YUAN);
        _assertEq(book.graceUntil(coop), T0 + 63 days, "grace");
        _assertEq(book.salesStateOf(coop).graceUntil, T0 + 63 days, "state");
    }

    function test_postWeeklySales_gapInWeeksBreaksTheRun() public {
        _sales(coop, 1, 100_000 * YUAN);
        _sales(coop, 2, 50_000 * YUAN);
        _sales(coop, 4, 50_000 * YUAN); // week 3 missing: not "running"
        _assertEq(book.salesStateOf(coop).fallenStreak, 1, "restarted");
        _assertEq(book.graceUntil(coop), 0, "no grace");
        _sales(coop, 5, 50_000 * YUAN);
        _assertEq(book.graceUntil(coop), T0 + 60 days, "granted on weeks 4-5");
    }

    function test_postWeeklySales_oneGrantPerSlump() public {
        _sales(coop, 1, 100_000 * YUAN);
        _sales(coop, 2, 10_000 * YUAN);
        _sales(coop, 3, 10_000 * YUAN);
        _assertEq(book.graceUntil(coop), T0 + 60 days, "first grant");
        vm.warp(T0 + 7 days);
        _sales(coop, 4, 10_000 * YUAN);
        _assertEq(book.graceUntil(coop), T0 + 60 days, "the slump goes on: not extended");
        _sales(coop, 5, 90_000 * YUAN); // recovery: new reference
        _sales(coop, 6, 50_000 * YUAN);
        vm.warp(T0 + 14 days);
        _sales(coop, 7, 50_000 * YUAN);
        _assertEq(book.graceUntil(coop), T0 + 74 days, "a new slump: a new grant");
    }

    /// @dev Regression: a week without data restarted the streak and let the same slump extend its grace.
    function test_postWeeklySales_missingWeekDoesNotEndTheSlump() public {
        _sales(coop, 1, 100_000 * YUAN);
        _sales(coop, 2, 50_000 * YUAN);
        _sales(coop, 3, 50_000 * YUAN);
        _assertEq(book.graceUntil(coop), T0 + 60 days, "first grant");
        _assertTrue(book.salesStateOf(coop).slumpGraced, "slump graced");
        vm.warp(T0 + 14 days);
        _sales(coop, 5, 50_000 * YUAN); // week 4 missing: the streak restarts, the slump goes on
        _sales(coop, 6, 50_000 * YUAN);
        _assertEq(book.salesStateOf(coop).fallenStreak, 2, "two weeks running again");
        _assertEq(book.graceUntil(coop), T0 + 60 days, "the same slump: not extended");
        _sales(coop, 7, 90_000 * YUAN); // recovery ends the slump
        _assertTrue(!book.salesStateOf(coop).slumpGraced, "slump over");
        _sales(coop, 8, 50_000 * YUAN);
        _sales(coop, 9, 50_000 * YUAN);
        _assertEq(book.graceUntil(coop), T0 + 74 days, "a new slump: a new grant");
    }

    function test_postWeeklySales_graceNeverShortens() public {
        vm.prank(operator);
        book.setFlexibleGraceDays(90);
        _sales(coop, 1, 100_000 * YUAN);
        _sales(coop, 2, 1);
        _sales(coop, 3, 1);
        _assertEq(book.graceUntil(coop), T0 + 90 days, "90 days");
        vm.prank(operator);
        book.setFlexibleGraceDays(1);
        _sales(coop, 4, 100_000 * YUAN);
        _sales(coop, 5, 1);
        vmx.expectEmit(address(book));
        emit ILoanBook.FlexibleGraceGranted(coop, 6, 100_000 * YUAN, 1, T0 + 90 days);
        _sales(coop, 6, 1);
        _assertEq(book.graceUntil(coop), T0 + 90 days, "kept the longer grace");
    }

    function test_postWeeklySales_refusesNonDataFeed() public {
        uint256 mask = 1 << uint8(IConsortium.Role.DataFeed);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                mask
            )
        );
        vm.prank(regulator);
        book.postWeeklySales(coop, 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberRoleNotAllowed.selector, bank, IConsortium.Role.OperatorBank, mask)
        );
        vm.prank(bank);
        book.postWeeklySales(coop, 1, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        vm.prank(outsider);
        book.postWeeklySales(coop, 1, 1);
    }

    function test_postWeeklySales_refusesNonIncreasingWeekAndOutOfRange() public {
        _sales(coop, 5, 100);
        vm.startPrank(dataFeed);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookWeekNotIncreasing.selector, coop, 5, 5));
        book.postWeeklySales(coop, 5, 100);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookWeekNotIncreasing.selector, coop, 5, 4));
        book.postWeeklySales(coop, 4, 100);
        uint256 bigWeek = uint256(type(uint32).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookInvalidSales.selector, bigWeek, 1));
        book.postWeeklySales(coop, bigWeek, 1);
        uint256 bigSales = uint256(type(uint80).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookInvalidSales.selector, 6, bigSales));
        book.postWeeklySales(coop, 6, bigSales);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                bank,
                IConsortium.Role.OperatorBank,
                _borrowerMask()
            )
        );
        book.postWeeklySales(bank, 1, 1);
        vm.stopPrank();
    }

    // ───────────────────────────── declareDefault ─────────────────────────────

    function test_declareDefault_refusedUntilDueDatePlusGraceDays() public {
        uint256 id = _loan(P, address(0));
        vm.warp(DEFAULTABLE - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanBook.LoanBookNotInDefault.selector,
                id,
                T0 + 365 days,
                T0 + 395 days,
                T0 + 395 days
            )
        );
        vm.prank(bank);
        book.declareDefault(id);
        vm.warp(DEFAULTABLE);
        vm.prank(bank);
        book.declareDefault(id);
        _assertEq(_status(id), uint256(ILoanBook.Status.Defaulted), "defaulted");
    }

    function test_declareDefault_freezesDebt() public {
        uint256 id = _loan(P, address(0));
        vm.warp(DEFAULTABLE);
        (uint256 principal, uint256 interest) = book.owed(id);
        _assertEq(interest, _halfUp(P * 435 * 395, 10_000 * 365), "395 days");
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanDefaulted(id, T0 + 365 days, principal, interest, principal + interest);
        vm.prank(bank);
        book.declareDefault(id);
        ILoanBook.Loan memory loan = book.loanOf(id);
        _assertEq(loan.debtAtDefault, principal + interest, "debt");
        _assertEq(loan.defaultedAt, DEFAULTABLE, "at");
        vm.warp(DEFAULTABLE + 100 days);
        (uint256 p2, uint256 i2) = book.owed(id);
        _assertEq(p2 + i2, principal + interest, "accrual stopped");
        (uint256 dueAt, ) = book.nextDue(id);
        _assertEq(dueAt, 0, "no schedule after default");
    }

    function test_declareDefault_refusedDuringFlexibleGrace() public {
        uint256 id = _loan(P, address(0));
        vm.warp(DEFAULTABLE);
        _sales(coop, 1, 100_000 * YUAN);
        _sales(coop, 2, 55_000 * YUAN);
        _sales(coop, 3, 55_000 * YUAN);
        uint256 until = DEFAULTABLE + 60 days;
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookInFlexibleGrace.selector, id, coop, until, DEFAULTABLE)
        );
        vm.prank(bank);
        book.declareDefault(id);
        vm.warp(until - 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookInFlexibleGrace.selector, id, coop, until, until - 1));
        vm.prank(bank);
        book.declareDefault(id);
        vm.warp(until);
        vm.prank(bank);
        book.declareDefault(id);
    }

    function test_declareDefault_onMissedInstalmentBeforeMaturity() public {
        uint256 id = _apply(coop, potatoId, 100_000 * YUAN, 0, address(0));
        _disburse(id);
        vm.warp(T0 + 120 days); // first instalment (day 90) + 30 grace days: not yet
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanBook.LoanBookNotInDefault.selector,
                id,
                T0 + 90 days,
                T0 + 120 days,
                T0 + 120 days
            )
        );
        vm.prank(bank);
        book.declareDefault(id);
        vm.warp(T0 + 120 days + 1);
        vm.prank(bank);
        book.declareDefault(id);
        _assertEq(_status(id), uint256(ILoanBook.Status.Defaulted), "defaulted on an instalment");
    }

    function test_declareDefault_refusesOthersAndWrongStatus() public {
        uint256 applied = _apply(coop, pearId, P, land, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, applied, ILoanBook.Status.Applied)
        );
        vm.prank(bank);
        book.declareDefault(applied);
        _disburse(applied);
        vm.warp(DEFAULTABLE);
        address[4] memory callers = [regulator, outsider, bank2, coop];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, applied, callers[i], bank));
            vm.prank(callers[i]);
            book.declareDefault(applied);
        }
    }

    // ───────────────────────────── dispose ─────────────────────────────

    function test_dispose_otherBuyerPaysDebtToLenderAndSurplusToBorrower() public {
        uint256 id = _defaulted(P, address(0));
        uint256 debt = book.loanOf(id).debtAtDefault;
        uint256 price = debt + 100_000 * YUAN;
        vm.prank(merchant);
        ecny.approve(address(book), price);
        uint256 bankBefore = ecny.balanceOf(bank);
        uint256 coopBefore = ecny.balanceOf(coop);
        uint256 supply = ecny.totalSupply();

        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.RightTransferred(
            land,
            coop,
            merchant,
            IPropertyRegistry.TransferReason.LienDisposal,
            address(book)
        );
        vmx.expectEmit(address(book));
        emit ILoanBook.CollateralDisposed(id, land, merchant, price, debt, 100_000 * YUAN);
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanSettled(id, debt, 0);
        vm.prank(bank);
        book.dispose(id, merchant, price);

        _assertEq(ecny.balanceOf(bank), bankBefore + debt, "lender made whole");
        _assertEq(ecny.balanceOf(coop), coopBefore + 100_000 * YUAN, "surplus to the borrower");
        _assertEq(ecny.totalSupply(), supply, "supply");
        _assertEq(ecny.balanceOf(address(book)), 0, "book holds nothing");
        _assertTrue(rights.ownerOf(land) == merchant && !rights.hasLien(land), "right moved, lien lifted");
        _assertEq(_status(id), uint256(ILoanBook.Status.Settled), "settled");
    }

    function test_dispose_lenderBuysAndPaysTheSurplus() public {
        uint256 id = _defaulted(P, address(0));
        uint256 debt = book.loanOf(id).debtAtDefault;
        uint256 bankBefore = ecny.balanceOf(bank);
        uint256 coopBefore = ecny.balanceOf(coop);
        vm.prank(bank);
        book.dispose(id, bank, debt + 7);
        _assertEq(ecny.balanceOf(bank), bankBefore - 7, "lender credits the price, pays the surplus");
        _assertEq(ecny.balanceOf(coop), coopBefore + 7, "surplus");
        _assertTrue(rights.ownerOf(land) == bank, "right to the lender");
        _assertEq(book.loanOf(id).recovered, debt, "recovered");
        _assertEq(_status(id), uint256(ILoanBook.Status.Settled), "settled");
    }

    function test_dispose_holdsASurplusTheBorrowersWalletCannotTakeUntilClaimed() public {
        uint256 id = _defaulted(P, address(0));
        uint256 debt = book.loanOf(id).debtAtDefault;
        uint256 coopBefore = ecny.balanceOf(coop);
        uint256 surplus = 300_000 * YUAN;
        vm.prank(bank); // the coop's bank caps its balance just above what it holds
        ecny.setCorporateCaps(coop, CORP_CAP, CORP_CAP, coopBefore + 100_000 * YUAN);
        vm.prank(merchant);
        ecny.approve(address(book), debt + surplus);

        vmx.expectEmit(address(book));
        emit ILoanBook.CollateralDisposed(id, land, merchant, debt + surplus, debt, surplus);
        vmx.expectEmit(address(book));
        emit ILoanBook.SurplusHeld(id, coop, surplus, IECNY.ReceiveBlock.BalanceCap);
        vm.prank(bank);
        book.dispose(id, merchant, debt + surplus);
        _assertEq(_status(id), uint256(ILoanBook.Status.Settled), "the sale went through");
        _assertEq(ecny.balanceOf(coop), coopBefore, "nothing paid over the cap");
        _assertEq(ecny.balanceOf(address(book)), surplus, "the book holds the surplus");
        _assertEq(book.heldSurplus(id), surplus, "held for the loan");

        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotBorrower.selector, id, bank, coop));
        vm.prank(bank);
        book.claimSurplus(id, 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookSurplusNotHeld.selector, id, surplus, surplus + 1));
        vm.prank(coop);
        book.claimSurplus(id, surplus + 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookZeroAmount.selector));
        vm.prank(coop);
        book.claimSurplus(id, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IECNY.ECNYBalanceCapExceeded.selector,
                coop,
                coopBefore + 100_000 * YUAN,
                coopBefore,
                surplus
            )
        );
        vm.prank(coop);
        book.claimSurplus(id, surplus); // still over the cap: refused, nothing changes

        vmx.expectEmit(address(book));
        emit ILoanBook.SurplusClaimed(id, coop, 100_000 * YUAN, 200_000 * YUAN);
        vm.prank(coop);
        book.claimSurplus(id, 100_000 * YUAN); // the part that fits
        vm.prank(coop);
        ecny.transfer(merchant, 200_000 * YUAN); // spends, making room
        vm.prank(coop);
        book.claimSurplus(id, 200_000 * YUAN);
        _assertEq(book.heldSurplus(id), 0, "all claimed");
        _assertEq(ecny.balanceOf(address(book)), 0, "the book holds nothing");
        _assertEq(ecny.balanceOf(coop), coopBefore + 100_000 * YUAN, "the surplus reached the borrower");
    }

    function test_dispose_holdsTheSurplusOfASuspendedBorrowerAndTheLenderBuying() public {
        uint256 id = _defaulted(P, address(0));
        uint256 debt = book.loanOf(id).debtAtDefault;
        vm.prank(operator);
        consortium.suspend(coop);
        uint256 bankBefore = ecny.balanceOf(bank);
        vmx.expectEmit(address(book));
        emit ILoanBook.SurplusHeld(id, coop, 7, IECNY.ReceiveBlock.NotActiveMember);
        vm.prank(bank);
        book.dispose(id, bank, debt + 7);
        _assertEq(ecny.balanceOf(bank), bankBefore - 7, "the lender pays the surplus, to the book");
        _assertEq(book.heldSurplus(id), 7, "held");
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, coop, IConsortium.Status.Suspended)
        );
        vm.prank(coop);
        book.claimSurplus(id, 7);
        vm.prank(operator);
        consortium.reinstate(coop);
        uint256 coopBefore = ecny.balanceOf(coop);
        vm.prank(coop);
        book.claimSurplus(id, 7);
        _assertEq(ecny.balanceOf(coop), coopBefore + 7, "claimed once reinstated");
    }

    function test_dispose_belowDebtLeavesTheLossOpen() public {
        uint256 id = _defaulted(P, address(0));
        ILoanBook.Loan memory before = book.loanOf(id);
        uint256 price = 500_000 * YUAN;
        vm.prank(bank);
        book.dispose(id, bank, price);
        ILoanBook.Loan memory loan = book.loanOf(id);
        _assertTrue(loan.status == ILoanBook.Status.Defaulted && loan.collateralDisposed, "still defaulted");
        _assertEq(loan.recovered, price, "recovered");
        _assertEq(loan.interest, 0, "interest first");
        _assertEq(loan.outstanding, before.outstanding + before.interest - price, "principal rest");
    }

    function test_dispose_refusals() public {
        uint256 unsecured = _apply(coop, potatoId, 100_000 * YUAN, 0, address(0));
        _disburse(unsecured);
        uint256 id = _loan(P, address(0));
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, id, ILoanBook.Status.Active));
        vm.prank(bank);
        book.dispose(id, merchant, 1);
        vm.warp(DEFAULTABLE);
        vm.startPrank(bank);
        book.declareDefault(id);
        book.declareDefault(unsecured);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNoCollateral.selector, unsecured));
        book.dispose(unsecured, merchant, 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookInvalidBuyer.selector, id, coop));
        book.dispose(id, coop, 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookInvalidBuyer.selector, id, address(0)));
        book.dispose(id, address(0), 1);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookZeroAmount.selector));
        book.dispose(id, merchant, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYInsufficientAllowance.selector, merchant, address(book), 0, 1_000)
        );
        book.dispose(id, merchant, 1_000); // the buyer has not approved the book
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                _holderMask()
            )
        );
        book.dispose(id, regulator, 1_000);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        book.dispose(id, outsider, 1_000); // the book checks the buyer for the registry
        book.dispose(id, bank, 1_000);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookCollateralAlreadyDisposed.selector, id, land));
        book.dispose(id, bank, 1_000);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, regulator, bank));
        vm.prank(regulator);
        book.dispose(id, regulator, 1);
    }

    // ───────────────────────────── callGuarantee ─────────────────────────────

    function test_callGuarantee_sharesThe4321SplitExactly() public {
        uint256 id = _apply(coop, potatoId, 333_333_33, 0, guarantor); // ¥333,333.33
        vm.prank(guarantor);
        book.approveGuarantee(id);
        _disburse(id);
        vm.warp(T0 + 120 days + 1);
        vm.prank(bank);
        book.declareDefault(id);
        uint256 loss = book.loanOf(id).debtAtDefault;
        uint256[4] memory before = [
            ecny.balanceOf(bank),
            ecny.balanceOf(nationalFund),
            ecny.balanceOf(provincial),
            ecny.balanceOf(guarantor)
        ];
        uint256 national = (loss * 2_000) / 10_000;
        uint256 prov = (loss * 3_000) / 10_000;
        uint256 lenderShare = (loss * 2_000) / 10_000;
        uint256 local = loss - national - prov - lenderShare;

        vmx.expectEmit(address(book));
        emit ILoanBook.RiskShared(id, loss, national, prov, lenderShare, local);
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanSettled(id, 0, loss);
        vm.prank(bank);
        book.callGuarantee(id);

        _assertEq(ecny.balanceOf(bank), before[0] + national + prov + local, "lender receives the three shares");
        _assertEq(ecny.balanceOf(nationalFund), before[1] - national, "national 20%");
        _assertEq(ecny.balanceOf(provincial), before[2] - prov, "provincial 30%");
        _assertEq(ecny.balanceOf(guarantor), before[3] - local, "local guarantor: remainder");
        _assertEq(national + prov + lenderShare + local, loss, "sum");
        _assertEq(_status(id), uint256(ILoanBook.Status.Settled), "settled");
        (uint256 principal, uint256 interest) = book.owed(id);
        _assertEq(principal + interest, 0, "closed");
    }

    function test_callGuarantee_topTaxCreditSplitSparesTheNationalFund() public {
        uint256 productId = _createProduct(microLender, _microParams());
        _fund(supplier, 100_000 * YUAN);
        uint256 id = _apply(supplier, productId, 300_000 * YUAN, 0, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(id);
        _disburse(id);
        vm.warp(T0 + 195 days + 1); // 180-day bullet + 15 grace days
        vm.prank(microLender);
        book.declareDefault(id);
        uint256 loss = book.loanOf(id).debtAtDefault;
        uint256 nationalBefore = ecny.balanceOf(nationalFund);
        uint256 lenderBefore = ecny.balanceOf(microLender);
        vm.prank(microLender);
        book.callGuarantee(id);
        _assertEq(ecny.balanceOf(nationalFund), nationalBefore, "national 0%");
        uint256 lenderShare = (loss * 2_000) / 10_000;
        _assertEq(ecny.balanceOf(microLender), lenderBefore + loss - lenderShare, "lender bears 20%");
    }

    function test_callGuarantee_usesThePartiesInForceAtDisbursement() public {
        uint256 id = _apply(coop, potatoId, 100_000 * YUAN, 0, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(id);
        _disburse(id);
        address newProvincial = _actor("newProvincial");
        vm.startPrank(operator);
        consortium.admit(newProvincial, IConsortium.Role.Guarantor, "P2");
        book.setRiskSharingParties(newProvincial, nationalFund);
        vm.stopPrank();
        vm.warp(T0 + 121 days);
        vm.startPrank(bank);
        book.declareDefault(id);
        uint256 provincialBefore = ecny.balanceOf(provincial);
        book.callGuarantee(id);
        vm.stopPrank();
        _assertTrue(ecny.balanceOf(provincial) < provincialBefore, "the version-1 re-guarantor paid");
    }

    function test_callGuarantee_refusals() public {
        uint256 unguaranteed = _defaulted(P, address(0));
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotGuaranteed.selector, unguaranteed));
        vm.prank(bank);
        book.callGuarantee(unguaranteed);

        uint256 secured = _securedGuaranteedDefault();
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookCollateralNotDisposed.selector, secured, 2));
        vm.prank(bank);
        book.callGuarantee(secured);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, secured, regulator, bank));
        vm.prank(regulator);
        book.callGuarantee(secured);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, secured, guarantor, bank));
        vm.prank(guarantor);
        book.callGuarantee(secured);

        vm.prank(bank);
        book.dispose(secured, bank, 1_000 * YUAN);
        vm.prank(provincial);
        ecny.approve(address(book), 0); // the re-guarantor withdrew its consent
        ILoanBook.Loan memory rest = book.loanOf(secured);
        uint256 provincialShare = ((uint256(rest.outstanding) + rest.interest) * 3_000) / 10_000;
        vm.expectRevert(
            abi.encodeWithSelector(
                IECNY.ECNYInsufficientAllowance.selector,
                provincial,
                address(book),
                0,
                provincialShare
            )
        );
        vm.prank(bank);
        book.callGuarantee(secured);
        vm.prank(provincial);
        ecny.approve(address(book), RISK_BUDGET);
        vm.prank(bank);
        book.callGuarantee(secured);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, secured, ILoanBook.Status.Settled)
        );
        vm.prank(bank);
        book.callGuarantee(secured);
    }

    // ───────────────────────────── writeOff ─────────────────────────────

    function test_writeOff_closesAnUnguaranteedLoss() public {
        uint256 id = _apply(coop, potatoId, 100_000 * YUAN, 0, address(0));
        _disburse(id);
        vm.warp(T0 + 121 days);
        vm.prank(bank);
        book.declareDefault(id);
        uint256 debt = book.loanOf(id).debtAtDefault;
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanWrittenOff(id, debt);
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanSettled(id, 0, debt);
        vm.prank(bank);
        book.writeOff(id);
        _assertEq(_status(id), uint256(ILoanBook.Status.Settled), "settled");
    }

    function test_writeOff_afterDisposalWritesOffTheRest() public {
        uint256 id = _defaulted(P, address(0));
        uint256 debt = book.loanOf(id).debtAtDefault;
        vm.startPrank(bank);
        book.dispose(id, bank, 1_000_000 * YUAN);
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanWrittenOff(id, debt - 1_000_000 * YUAN);
        book.writeOff(id);
        vm.stopPrank();
    }

    function test_writeOff_refusals() public {
        uint256 secured = _defaulted(P, address(0));
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookCollateralNotDisposed.selector, secured, land));
        vm.prank(bank);
        book.writeOff(secured);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, secured, regulator, bank));
        vm.prank(regulator);
        book.writeOff(secured);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, secured, outsider, bank));
        vm.prank(outsider);
        book.writeOff(secured);

        uint256 guaranteed = _apply(coop, potatoId, 100_000 * YUAN, 0, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(guaranteed);
        _disburse(guaranteed);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, guaranteed, ILoanBook.Status.Active)
        );
        vm.prank(bank);
        book.writeOff(guaranteed);
        vm.warp(consortium.currentTime() + 120 days + 1); // the potato loan's first instalment + grace
        vm.prank(bank);
        book.declareDefault(guaranteed);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookGuaranteedLoan.selector, guaranteed, guarantor));
        vm.prank(bank);
        book.writeOff(guaranteed);
    }

    // ───────────────────────────── repayment after default ─────────────────────────────

    function test_repay_afterDefaultPaysDownDebtAndSettlesReleasingLien() public {
        uint256 id = _defaulted(P, address(0));
        ILoanBook.Loan memory d = book.loanOf(id);
        vm.prank(coop);
        book.repay(id, d.interest + 1);
        ILoanBook.Loan memory loan = book.loanOf(id);
        _assertEq(loan.interest, 0, "interest first");
        _assertEq(loan.outstanding, d.outstanding - 1, "then principal");
        _assertEq(loan.recovered, d.interest + 1, "recovered");
        _assertTrue(rights.hasLien(land), "lien kept while owed");
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.LienReleased(land, bank, id, address(book));
        vmx.expectEmit(address(book));
        emit ILoanBook.RepaymentMade(id, coop, d.outstanding - 1, 0, d.outstanding - 1, 0);
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanSettled(id, d.debtAtDefault, 0);
        vm.prank(coop);
        book.repay(id, d.outstanding - 1);
        _assertEq(_status(id), uint256(ILoanBook.Status.Settled), "settled");
        _assertTrue(!rights.hasLien(land), "lien lifted");
    }

    // ───────────────────────────── regulator and non-members ─────────────────────────────

    function test_regulatorAndNonMember_changeNothing() public {
        uint256 id = _defaulted(P, address(0));
        address[2] memory intruders = [regulator, outsider];
        for (uint256 i; i < intruders.length; ++i) {
            address who = intruders[i];
            vm.startPrank(who);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, who, bank));
            book.reject(id);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, who, bank));
            book.approveAndDisburse(id);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, who, bank));
            book.declareDefault(id);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, who, bank));
            book.dispose(id, who, 1);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, who, bank));
            book.callGuarantee(id);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, who, bank));
            book.writeOff(id);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotBorrower.selector, id, who, coop));
            book.repay(id, 1);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotBorrower.selector, id, who, coop));
            book.withdraw(id);
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotGuarantor.selector, id, who, address(0)));
            book.approveGuarantee(id);
            vm.expectRevert(); // role refusals: MemberRoleNotAllowed / MemberNotActive
            book.applyForLoan(potatoId, 100_000 * YUAN, 0, address(0));
            vm.expectRevert();
            book.createProduct(_potatoParams());
            vm.expectRevert();
            book.postWeeklySales(coop, 1, 1);
            vm.expectRevert();
            book.setRiskSharingParties(provincial, nationalFund);
            vm.expectRevert();
            book.setFlexibleGraceDays(10);
            vm.stopPrank();
        }
        _assertEq(_status(id), uint256(ILoanBook.Status.Defaulted), "unchanged");
    }

    // ───────────────────────────── helpers ─────────────────────────────

    function _sales(address borrower, uint256 week, uint256 amount) private {
        vm.prank(dataFeed);
        book.postWeeklySales(borrower, week, amount);
    }

    function _loan(uint256 principal, address guarantor_) private returns (uint256 id) {
        id = _apply(coop, pearId, principal, land, guarantor_);
        if (guarantor_ != address(0)) {
            vm.prank(guarantor_);
            book.approveGuarantee(id);
        }
        _disburse(id);
    }

    function _defaulted(uint256 principal, address guarantor_) private returns (uint256 id) {
        id = _loan(principal, guarantor_);
        vm.warp(DEFAULTABLE);
        vm.prank(bank);
        book.declareDefault(id);
    }

    /// @dev A guaranteed 梨果保 loan on a second right of the coop, defaulted.
    function _securedGuaranteedDefault() private returns (uint256 id) {
        uint256 forest = _land(coop, "130638-2026-000002", 40); // right id 2
        _appraise(forest, 1_000_000 * YUAN, 365);
        id = _apply(coop, pearId, 500_000 * YUAN, forest, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(id);
        _disburse(id);
        vm.warp(consortium.currentTime() + 395 days + 1);
        vm.prank(bank);
        book.declareDefault(id);
    }

    function _borrowerMask() private pure returns (uint256) {
        return
            (1 << uint8(IConsortium.Role.Farmer)) |
            (1 << uint8(IConsortium.Role.Supplier)) |
            (1 << uint8(IConsortium.Role.Distributor)) |
            (1 << uint8(IConsortium.Role.Merchant)) |
            (1 << uint8(IConsortium.Role.CoreEnterprise));
    }

    function _holderMask() private pure returns (uint256) {
        return ((1 << 16) - 1) & ~uint256(1) & ~uint256(1 << uint8(IConsortium.Role.Regulator));
    }

    function _halfUp(uint256 n, uint256 d) private pure returns (uint256 q) {
        q = n / d;
        if ((n % d) * 2 >= d) q += 1;
    }
}
