// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ILoanBook} from "../interfaces/ILoanBook.sol";

/// @title LoanMath
/// @notice The loan engine's arithmetic, in one place so that tests check exactly what the engine
/// runs. Amounts in fen, rates in basis points (1 bp = 0.01%), days in whole days.
/// @dev Overflow: callers pass amounts < 2^96, rates ≤ 10,000 and days < 2^40, so every product below
/// stays under 2^96 × 2^14 × 2^40 = 2^150 and checked arithmetic never trips in practice.
library LoanMath {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant YEAR_DAYS = 365;

    /// @notice Simple interest for `days_` whole days:
    /// round_half_up(principal × rateBps × days_ / (10,000 × basisDays)).
    function interest(
        uint256 principal,
        uint256 rateBps,
        uint256 days_,
        uint256 basisDays
    ) internal pure returns (uint256) {
        return _divHalfUp(principal * rateBps * days_, BPS * basisDays);
    }

    /// @notice Guarantee fee for the whole term, always on a 365-day year:
    /// round_half_up(principal × feeBps × termDays / (10,000 × 365)).
    function guaranteeFee(uint256 principal, uint256 feeBps, uint256 termDays) internal pure returns (uint256) {
        return _divHalfUp(principal * feeBps * termDays, BPS * YEAR_DAYS);
    }

    /// @notice The largest principal an appraisal allows: floor(appraisal × ltvBps / 10,000).
    function maxPrincipal(uint256 appraisalFen, uint256 ltvBps) internal pure returns (uint256) {
        return (appraisalFen * ltvBps) / BPS;
    }

    /// @notice Splits a loss: national, provincial and lender = floor(loss × bps / 10,000); the local
    /// guarantor takes the remainder. Requires Σ bps == 10,000, so the floors sum to at most the loss
    /// and the remainder is ≥ floor(loss × guarantorBps / 10,000) ≥ 0.
    function splitLoss(
        uint256 loss,
        ILoanBook.RiskShares memory s
    ) internal pure returns (uint256 national, uint256 provincial, uint256 lender, uint256 guarantor) {
        national = (loss * s.nationalBps) / BPS;
        provincial = (loss * s.provincialBps) / BPS;
        lender = (loss * s.lenderBps) / BPS;
        guarantor = loss - national - provincial - lender;
    }

    /// @notice The first instalment (1..n) whose cumulative principal is not covered by `repaid`, its
    /// day offset from disbursement and the principal still due by then.
    /// Parts are floor(principal / n), the last takes the remainder; instalment i is due on day
    /// floor(termDays × i / n). Requires n ≥ 1, principal ≥ n and repaid < principal.
    function firstUnmet(
        uint256 principal,
        uint256 repaid,
        uint256 n,
        uint256 termDays
    ) internal pure returns (uint256 index, uint256 dueDay, uint256 principalDue) {
        uint256 part = principal / n;
        // For i < n, cumulative due is part × i > repaid ⇔ i > repaid / part; instalment n is always
        // unmet (its cumulative due is the whole principal > repaid).
        index = repaid / part + 1;
        if (index > n) index = n;
        uint256 cumulative = index == n ? principal : part * index;
        dueDay = (termDays * index) / n;
        principalDue = cumulative - repaid;
    }

    /// @notice A week is fallen when sales < 60% of the reference, tested exactly in integers.
    function isFallen(uint256 salesFen, uint256 referenceFen) internal pure returns (bool) {
        return salesFen * BPS < referenceFen * 6_000;
    }

    /// @dev round_half_up(n / d) for d > 0: halves round up.
    function _divHalfUp(uint256 n, uint256 d) private pure returns (uint256) {
        return (n + d / 2) / d;
    }
}
