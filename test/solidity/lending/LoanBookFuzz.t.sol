// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {LendingFixture} from "./LendingFixture.sol";
import {ILoanBook} from "../../../contracts/interfaces/ILoanBook.sol";
import {LoanMath} from "../../../contracts/lending/LoanMath.sol";

/// @notice Property tests of the engine's arithmetic, through the contract where it matters: interest
/// and fee rounding against the formulas, the LTV bound, the loss split and the instalment schedule.
/// Expected values are computed independently (remainder-based half-up, brute-force schedules).
contract LoanBookFuzzTest is LendingFixture {
    uint256 internal constant MAX_P = 10_000_000 * YUAN; // well within the lender's funds

    function setUp() public {
        _deployLending();
    }

    // ───────────────────────────── interest ─────────────────────────────

    /// @dev owed() after any elapsed time equals round_half_up(P × r × whole days / (10,000 × basis)); after
    /// an accrual the fraction of a day carries over into the next period.
    function testFuzz_interest(uint256 principal, uint256 rateBps, uint256 secs1, uint256 secs2, bool act360) public {
        principal = _bound(principal, 1, MAX_P);
        rateBps = _bound(rateBps, 0, 10_000);
        secs1 = _bound(secs1, 0, 3_650 days);
        secs2 = _bound(secs2, 0, 400 days);
        uint256 basis = act360 ? 360 : 365;
        uint256 id = _unsecuredLoan(principal, rateBps, act360, 3_650, 87, 2_000, 3_000, 2_000, address(0));

        vm.warp(T0 + secs1);
        (uint256 p, uint256 interest) = book.owed(id);
        _assertEq(p, principal, "principal");
        uint256 expected = _halfUp(principal * rateBps * (secs1 / 1 days), 10_000 * basis);
        _assertEq(interest, expected, "interest formula");
        _assertEq(interest, LoanMath.interest(principal, rateBps, secs1 / 1 days, basis), "library");

        if (interest == 0) return;
        _fund(coop, interest);
        vm.prank(coop);
        book.repay(id, interest); // accrues whole days, pays the interest only
        vm.warp(T0 + secs1 + secs2);
        (, interest) = book.owed(id);
        uint256 carried = (secs1 % 1 days) + secs2; // the unaccrued fraction carries over
        _assertEq(interest, _halfUp(principal * rateBps * (carried / 1 days), 10_000 * basis), "carry-over");
    }

    // ───────────────────────────── guarantee fee ─────────────────────────────

    function testFuzz_guaranteeFee(uint256 principal, uint256 feeBps, uint256 termDays) public {
        principal = _bound(principal, 1, MAX_P);
        feeBps = _bound(feeBps, 0, 1_000);
        termDays = _bound(termDays, 1, 3_650);
        uint256 guarantorBefore = ecny.balanceOf(guarantor);
        uint256 id = _unsecuredLoan(principal, 500, false, termDays, feeBps, 2_000, 3_000, 2_000, guarantor);
        uint256 fee = _halfUp(principal * feeBps * termDays, 10_000 * 365);
        _assertEq(ecny.balanceOf(guarantor) - guarantorBefore, fee, "fee paid to the guarantor");
        _assertEq(book.loanOf(id).guaranteeFee, fee, "fee stored");
        _assertEq(ecny.balanceOf(coop), principal - fee, "borrower paid the fee from the principal");
    }

    // ───────────────────────────── LTV bound ─────────────────────────────

    /// @dev Disbursement succeeds exactly when principal ≤ floor(appraisal × ltv / 10,000).
    function testFuzz_ltvBound(uint256 appraisal, uint256 ltvBps, uint256 principal) public {
        appraisal = _bound(appraisal, 1, 50_000_000 * YUAN);
        ltvBps = _bound(ltvBps, 1, 10_000);
        principal = _bound(principal, 1, MAX_P);
        ILoanBook.ProductParams memory params = _pearParams();
        params.ltvBps = ltvBps;
        params.minPrincipal = 1;
        params.maxPrincipal = MAX_P;
        uint256 productId = _createProduct(bank, params);
        uint256 rightId = _land(coop, "FUZZ-1", 10);
        _appraise(rightId, appraisal, 365);
        uint256 id = _apply(coop, productId, principal, rightId, address(0));
        uint256 cap = (appraisal * ltvBps) / 10_000;
        if (principal > cap) {
            vm.expectRevert(
                abi.encodeWithSelector(ILoanBook.LoanBookAboveLtv.selector, id, principal, appraisal, ltvBps, cap)
            );
        }
        vm.prank(bank);
        book.approveAndDisburse(id);
        _assertTrue(rights.hasLien(rightId) == (principal <= cap), "lien iff disbursed");
    }

    // ───────────────────────────── loss split ─────────────────────────────

    /// @dev For any loss and any shares summing to 10,000: Σ shares == loss, the first three are floors,
    /// and the guarantor's remainder exceeds its own floor by at most 3 fen.
    function testFuzz_splitLoss(uint256 loss, uint256 n, uint256 p, uint256 lenderBps_) public pure {
        loss = _bound(loss, 0, type(uint80).max);
        ILoanBook.RiskShares memory s = _randomShares(n, p, lenderBps_);
        (uint256 national, uint256 provincial, uint256 lender, uint256 guarantor_) = LoanMath.splitLoss(loss, s);
        _assertEq(national + provincial + lender + guarantor_, loss, "sum to the fen");
        _assertEq(national, (loss * s.nationalBps) / 10_000, "national floor");
        _assertEq(provincial, (loss * s.provincialBps) / 10_000, "provincial floor");
        _assertEq(lender, (loss * s.lenderBps) / 10_000, "lender floor");
        uint256 guarantorFloor = (loss * s.guarantorBps) / 10_000;
        _assertTrue(guarantor_ >= guarantorFloor && guarantor_ - guarantorFloor <= 3, "remainder");
    }

    /// @dev Through the contract: the lender receives exactly loss − its own share, from the three others.
    function testFuzz_callGuarantee(
        uint256 principal,
        uint256 n,
        uint256 p,
        uint256 lenderBps_,
        uint256 lateDays
    ) public {
        principal = _bound(principal, 1, 5_000_000 * YUAN);
        ILoanBook.RiskShares memory s = _randomShares(n, p, lenderBps_);
        uint256 id = _unsecuredLoan(
            principal,
            435,
            false,
            90,
            87,
            s.nationalBps,
            s.provincialBps,
            s.lenderBps,
            guarantor
        );
        vm.warp(T0 + 90 days + 30 days + 1 + _bound(lateDays, 0, 365) * 1 days);
        vm.prank(bank);
        book.declareDefault(id);
        uint256 loss = book.loanOf(id).debtAtDefault;
        uint256 others = ecny.balanceOf(nationalFund) + ecny.balanceOf(provincial) + ecny.balanceOf(guarantor);
        uint256 bankBefore = ecny.balanceOf(bank);
        vm.prank(bank);
        book.callGuarantee(id);
        uint256 lenderShare = (loss * s.lenderBps) / 10_000;
        _assertEq(ecny.balanceOf(bank) - bankBefore, loss - lenderShare, "lender receives the non-lender shares");
        uint256 othersAfter = ecny.balanceOf(nationalFund) + ecny.balanceOf(provincial) + ecny.balanceOf(guarantor);
        _assertEq(others - othersAfter, loss - lenderShare, "paid by the three guarantor-side parties");
        _assertEq(ecny.balanceOf(address(book)), 0, "book empty");
    }

    // ───────────────────────────── schedule and sales ─────────────────────────────

    /// @dev The closed-form first unmet instalment equals a brute-force scan of the schedule.
    function testFuzz_firstUnmet(uint256 principal, uint256 n, uint256 termDays, uint256 repaid) public pure {
        termDays = _bound(termDays, 2, 3_650);
        n = _bound(n, 1, termDays < 360 ? termDays : 360);
        principal = _bound(principal, n, type(uint80).max);
        repaid = _bound(repaid, 0, principal - 1);
        (uint256 index, uint256 dueDay, uint256 due) = LoanMath.firstUnmet(principal, repaid, n, termDays);
        uint256 part = principal / n;
        uint256 expected;
        uint256 cumulative;
        for (uint256 i = 1; i <= n; ++i) {
            cumulative = i == n ? principal : part * i;
            if (cumulative > repaid) {
                expected = i;
                break;
            }
        }
        _assertEq(index, expected, "index");
        _assertEq(dueDay, (termDays * expected) / n, "due day");
        _assertEq(due, cumulative - repaid, "due amount");
    }

    function testFuzz_isFallen(uint256 sales, uint256 reference_) public pure {
        sales = _bound(sales, 0, type(uint80).max);
        reference_ = _bound(reference_, 0, type(uint80).max);
        // sales < 60% × reference ⇔ 10 × sales < 6 × reference (exact in integers)
        _assertTrue(LoanMath.isFallen(sales, reference_) == (10 * sales < 6 * reference_), "fallen");
    }

    // ───────────────────────────── helpers ─────────────────────────────

    function _unsecuredLoan(
        uint256 principal,
        uint256 rateBps,
        bool act360,
        uint256 termDays,
        uint256 feeBps,
        uint256 nationalBps,
        uint256 provincialBps,
        uint256 lenderBps,
        address guarantor_
    ) private returns (uint256 id) {
        ILoanBook.ProductParams memory params = _potatoParams();
        params.rateBps = rateBps;
        params.dayCount = act360 ? ILoanBook.DayCount.Act360 : ILoanBook.DayCount.Act365;
        params.termDays = termDays;
        params.shape = ILoanBook.Shape.Bullet;
        params.instalments = 0;
        params.guaranteeFeeBps = feeBps;
        params.shares = _shares(
            nationalBps,
            provincialBps,
            lenderBps,
            10_000 - nationalBps - provincialBps - lenderBps
        );
        params.minPrincipal = 1;
        params.maxPrincipal = MAX_P;
        uint256 productId = _createProduct(bank, params);
        id = _apply(coop, productId, principal, 0, guarantor_);
        if (guarantor_ != address(0)) {
            vm.prank(guarantor_);
            book.approveGuarantee(id);
        }
        _disburse(id);
    }

    function _randomShares(
        uint256 n,
        uint256 p,
        uint256 lenderBps_
    ) private pure returns (ILoanBook.RiskShares memory) {
        n = _bound(n, 0, 10_000);
        p = _bound(p, 0, 10_000 - n);
        lenderBps_ = _bound(lenderBps_, 0, 10_000 - n - p);
        return _shares(n, p, lenderBps_, 10_000 - n - p - lenderBps_);
    }

    function _halfUp(uint256 num, uint256 d) private pure returns (uint256 q) {
        q = num / d;
        if ((num % d) * 2 >= d) q += 1;
    }
}
