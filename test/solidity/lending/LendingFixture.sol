// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {ILoanBook} from "../../../contracts/interfaces/ILoanBook.sol";
import {IPropertyRegistry} from "../../../contracts/interfaces/IPropertyRegistry.sol";
import {LoanBook} from "../../../contracts/lending/LoanBook.sol";
import {PropertyRegistry} from "../../../contracts/lending/PropertyRegistry.sol";

/// @notice The shared fixture plus the lending contracts: the property registry and the loan book
/// (registered as a system contract with a system wallet), the risk-sharing parties set, lenders and
/// guarantors funded, and product/right builders used by every lending test.
abstract contract LendingFixture is Fixture {
    uint256 internal constant DAY = 1 days;
    uint256 internal constant MU = 100; // centi-mu per mu
    uint256 internal constant TERM_30Y = 30 * 365 days;
    uint256 internal constant LENDER_FUNDS = 100_000_000 * YUAN;
    uint256 internal constant RISK_BUDGET = 10_000_000 * YUAN;

    PropertyRegistry internal rights;
    LoanBook internal book;

    function _deployLending() internal {
        _deployFoundation();
        rights = new PropertyRegistry(consortium);
        book = new LoanBook(consortium, ecny, rights);
        _registerSystem(address(book), "LoanBook");
        vm.prank(operator);
        book.setRiskSharingParties(provincial, nationalFund);

        _fund(bank, LENDER_FUNDS);
        _fund(microLender, LENDER_FUNDS);
        address[3] memory riskParties = [guarantor, provincial, nationalFund];
        for (uint256 i; i < riskParties.length; ++i) {
            _fund(riskParties[i], RISK_BUDGET);
            vm.prank(riskParties[i]);
            ecny.approve(address(book), RISK_BUDGET); // the on-chain consent to pay shares
        }
    }

    // ───────────────────────────── rights ─────────────────────────────

    /// @dev The registry registers a 30-year land management right of `areaMu` mu for `holder`.
    function _land(address holder, string memory certificateNo, uint256 areaMu) internal returns (uint256) {
        vm.prank(registry);
        return
            rights.register(
                IPropertyRegistry.Kind.LandManagement,
                certificateNo,
                unicode"雄县",
                unicode"大营村",
                areaMu * MU,
                T0,
                T0 + TERM_30Y,
                holder
            );
    }

    /// @dev The logistics member registers a one-year warehouse receipt for `holder`.
    function _receipt(address holder, string memory receiptNo) internal returns (uint256) {
        vm.prank(logistics);
        return
            rights.register(
                IPropertyRegistry.Kind.WarehouseReceipt,
                receiptNo,
                unicode"唐山市路北区",
                unicode"钢材物流园3号库",
                500 * 100, // 500.00 t of rebar
                T0,
                T0 + 365 days,
                holder
            );
    }

    /// @dev The appraiser values a right at `value` fen, valid for `validDays` days from now.
    function _appraise(uint256 rightId, uint256 value, uint256 validDays) internal {
        uint256 validUntil = consortium.currentTime() + validDays * DAY; // before the prank
        vm.prank(appraiser);
        rights.appraise(rightId, value, validUntil);
    }

    // ───────────────────────────── products ─────────────────────────────

    function _shares(
        uint256 n,
        uint256 p,
        uint256 lenderBps_,
        uint256 g
    ) internal pure returns (ILoanBook.RiskShares memory) {
        return ILoanBook.RiskShares(uint16(n), uint16(p), uint16(lenderBps_), uint16(g));
    }

    /// @dev 梨果保: a pear-orchard pledge loan, 60% LTV, 4.35%/yr, one-year bullet, 30 grace days, 4321.
    function _pearParams() internal pure returns (ILoanBook.ProductParams memory) {
        return
            ILoanBook.ProductParams({
                name: unicode"梨果保",
                purpose: ILoanBook.Purpose.Agricultural,
                collateral: ILoanBook.CollateralType.PropertyRight,
                ltvBps: 6_000,
                rateBps: 435,
                termDays: 365,
                dayCount: ILoanBook.DayCount.Act365,
                shape: ILoanBook.Shape.Bullet,
                instalments: 0,
                graceDays: 30,
                guaranteeFeeBps: 87,
                shares: _shares(2_000, 3_000, 2_000, 3_000),
                minPrincipal: 10_000 * YUAN,
                maxPrincipal: 3_000_000 * YUAN
            });
    }

    /// @dev 薯业通: a potato working-capital loan, unsecured, 5.2%/yr Act360, 4 quarterly instalments.
    function _potatoParams() internal pure returns (ILoanBook.ProductParams memory p) {
        p = _pearParams();
        p.name = unicode"薯业通";
        p.collateral = ILoanBook.CollateralType.None;
        p.ltvBps = 0;
        p.rateBps = 520;
        p.termDays = 360;
        p.dayCount = ILoanBook.DayCount.Act360;
        p.shape = ILoanBook.Shape.Instalments;
        p.instalments = 4;
        p.maxPrincipal = 500_000 * YUAN;
    }

    /// @dev A steel-chain micro working-capital loan: ¥50k–500k, 6%/yr, 180-day bullet, 70/20 split.
    function _microParams() internal pure returns (ILoanBook.ProductParams memory p) {
        p = _potatoParams();
        p.name = unicode"链融快贷";
        p.purpose = ILoanBook.Purpose.WorkingCapital;
        p.rateBps = 600;
        p.termDays = 180;
        p.dayCount = ILoanBook.DayCount.Act365;
        p.shape = ILoanBook.Shape.Bullet;
        p.instalments = 0;
        p.graceDays = 15;
        p.shares = _shares(0, 1_000, 2_000, 7_000);
        p.minPrincipal = 50_000 * YUAN;
        p.maxPrincipal = 500_000 * YUAN;
    }

    function _createProduct(address lender, ILoanBook.ProductParams memory params) internal returns (uint256) {
        vm.prank(lender);
        return book.createProduct(params);
    }

    // ───────────────────────────── loans ─────────────────────────────

    function _apply(
        address borrower,
        uint256 productId,
        uint256 principal,
        uint256 rightId,
        address guarantor_
    ) internal returns (uint256) {
        vm.prank(borrower);
        return book.applyForLoan(productId, principal, rightId, guarantor_);
    }

    function _disburse(uint256 loanId) internal {
        vm.prank(book.lenderOf(loanId));
        book.approveAndDisburse(loanId);
    }

    /// @dev 梨果保 product by `bank`, a land right of the coop appraised at ¥2,000,000 and an active
    /// loan of `principal` fen against it (optionally guaranteed by `guarantor`).
    function _pearLoan(uint256 principal, bool guaranteed) internal returns (uint256 loanId, uint256 rightId) {
        uint256 productId = _createProduct(bank, _pearParams());
        rightId = _land(coop, "130638-2026-000001", 80);
        _appraise(rightId, 2_000_000 * YUAN, 365);
        loanId = _apply(coop, productId, principal, rightId, guaranteed ? guarantor : address(0));
        if (guaranteed) {
            vm.prank(guarantor);
            book.approveGuarantee(loanId);
        }
        _disburse(loanId);
    }

    function _status(uint256 loanId) internal view returns (uint256) {
        return uint256(book.loanOf(loanId).status);
    }

    function _assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertTrueFailed(what);
    }

    error AssertTrueFailed(string what);
}
