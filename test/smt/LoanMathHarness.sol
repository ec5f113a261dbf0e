// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ILoanBook} from "../../contracts/interfaces/ILoanBook.sol";
import {LoanMath} from "../../contracts/lending/LoanMath.sol";

/// @notice SMTChecker harness (scripts/smtchecker.ts, docs/smtchecker.md): the loan engine's
/// arithmetic, the real LoanMath library, under the preconditions its callers guarantee. Each function
/// `require`s what LoanBook guarantees and `assert`s what LoanBook relies on; the model checker proves
/// the asserts, and the absence of overflow, underflow and division by zero inside LoanMath, for every
/// input. Never deployed; not part of the build (it lives outside contracts/).
// `require` states a precondition to the model checker; gas is no concern in a harness.
// solhint-disable gas-custom-errors
contract LoanMathHarness {
    uint256 private constant _MAX_AMOUNT = 2 ** 96; // LoanBook amounts are < 2^80; products cap them
    uint256 private constant _MAX_DAYS = 2 ** 40;

    /// A loss is shared out exactly: the four shares sum to the loss, none is negative.
    function splitLossSumsToTheLoss(uint256 loss, ILoanBook.RiskShares memory s) external pure {
        require(loss < _MAX_AMOUNT);
        require(uint256(s.nationalBps) + s.provincialBps + s.lenderBps + s.guarantorBps == LoanMath.BPS);
        (uint256 national, uint256 provincial, uint256 lender, uint256 guarantor) = LoanMath.splitLoss(loss, s);
        assert(national + provincial + lender + guarantor == loss);
        assert(national <= loss && provincial <= loss && lender <= loss);
    }

    /// The largest principal never exceeds the appraisal when the LTV is at most 100%.
    function maxPrincipalWithinAppraisal(uint256 appraisal, uint256 ltvBps) external pure {
        require(appraisal < _MAX_AMOUNT && ltvBps <= LoanMath.BPS);
        assert(LoanMath.maxPrincipal(appraisal, ltvBps) <= appraisal);
    }

    /// Interest on either day-count basis neither overflows nor divides by zero, and no interest
    /// accrues on a zero principal or over zero days.
    function interestIsDefined(uint256 principal, uint256 rateBps, uint256 days_, bool act360) external pure {
        require(principal < _MAX_AMOUNT && rateBps <= LoanMath.BPS && days_ < _MAX_DAYS);
        uint256 accrued = LoanMath.interest(principal, rateBps, days_, act360 ? 360 : LoanMath.YEAR_DAYS);
        if (principal == 0 || days_ == 0 || rateBps == 0) assert(accrued == 0);
    }

    /// The next unmet instalment is one of the n, and something is still due on it.
    function firstUnmetIsAnUnpaidInstalment(
        uint256 principal,
        uint256 repaid,
        uint256 n,
        uint256 termDays
    ) external pure {
        require(principal < _MAX_AMOUNT && termDays < _MAX_DAYS);
        require(n >= 1 && principal >= n && repaid < principal);
        (uint256 index, uint256 dueDay, uint256 principalDue) = LoanMath.firstUnmet(principal, repaid, n, termDays);
        assert(index >= 1 && index <= n);
        assert(principalDue > 0 && principalDue <= principal);
        assert(dueDay <= termDays);
    }

    /// The 60% test of a fallen week never overflows for amounts LoanBook stores.
    function isFallenIsDefined(uint256 salesFen, uint256 referenceFen) external pure {
        require(salesFen < _MAX_AMOUNT && referenceFen < _MAX_AMOUNT);
        bool fallen = LoanMath.isFallen(salesFen, referenceFen);
        if (salesFen >= referenceFen) assert(!fallen);
    }
}
