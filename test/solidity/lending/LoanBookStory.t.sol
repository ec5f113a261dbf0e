// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {vmx} from "./VmLending.sol";
import {LendingFixture} from "./LendingFixture.sol";
import {ILoanBook} from "../../../contracts/interfaces/ILoanBook.sol";
import {IPropertyRegistry} from "../../../contracts/interfaces/IPropertyRegistry.sol";

/// @notice End-to-end stories: a pear cooperative's pledge loans in Xiong'an (flexible repayment, then a
/// default shared "4321"), and the Tangshan steel chain's four kinds of loan on the same engine.
contract LoanBookStoryTest is LendingFixture {
    function setUp() public {
        _deployLending();
    }

    uint256 internal orchard;
    uint256 internal pear;
    uint256 internal issuedByTest; // e-CNY the test itself issues along the story

    /// @notice 确权 → 评估 → 抵押 → 放款 → 弹性还款 → 还款解押; then a guaranteed loan → 违约 → 处置 → 4321.
    function test_story_pearCooperativePledgeLoans() public {
        uint256 supply = ecny.totalSupply();
        uint256 loan1 = _registerAppraiseAndLend();
        _slumpGraceThenRepay(loan1);
        uint256 loan2 = _guaranteedLoanDefaultsAndIsShared4321();
        _assertEq(_status(loan2), uint256(ILoanBook.Status.Settled), "settled");
        _assertEq(ecny.balanceOf(address(book)), 0, "the book never holds money");
        _assertEq(ecny.totalSupply(), supply + issuedByTest, "lending moved money, never created it");
    }

    /// @dev Steps 1–4: register, appraise, publish 梨果保, lend ¥1,200,000 against a lien.
    function _registerAppraiseAndLend() private returns (uint256 loan1) {
        // 1. The registry registers the cooperative's pear-orchard land management right.
        vm.prank(registry);
        orchard = rights.register(
            IPropertyRegistry.Kind.LandManagement,
            unicode"冀(2026)雄县农村土地经营权第000123号",
            unicode"雄县",
            unicode"大营镇梨园村",
            120 * MU,
            T0,
            T0 + TERM_30Y,
            coop
        );
        // 2. The appraiser values it at ¥2,000,000 for a year.
        _appraise(orchard, 2_000_000 * YUAN, 365);
        // 3. The rural credit cooperative (an operator bank) publishes 梨果保 at 60% LTV.
        pear = _createProduct(bank, _pearParams());
        // 4. The coop borrows ¥1,200,000 = floor(2,000,000 × 60%) against a public lien.
        loan1 = _apply(coop, pear, 1_200_000 * YUAN, orchard, address(0));
        _disburse(loan1);
        _assertEq(ecny.balanceOf(coop), 1_200_000 * YUAN, "disbursed");
        _assertEq(rights.lienOf(orchard).loanId, loan1, "lien placed");
    }

    /// @dev Steps 5–6: sales fall 45% two weeks running → grace, default refused; repayment lifts the lien.
    function _slumpGraceThenRepay(uint256 loan1) private {
        // After maturity (day 365) and the product's 30 grace days, sales collapse by 45%.
        vm.warp(T0 + 382 days);
        _postSales(1, 100_000 * YUAN);
        vm.warp(T0 + 389 days);
        _postSales(2, 55_000 * YUAN);
        vm.warp(T0 + 396 days);
        vmx.expectEmit(address(book));
        emit ILoanBook.FlexibleGraceGranted(coop, 3, 100_000 * YUAN, 55_000 * YUAN, T0 + 456 days);
        _postSales(3, 55_000 * YUAN);
        // …so the lender's default attempt is refused: a grace period instead of calling the loan.
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanBook.LoanBookInFlexibleGrace.selector,
                loan1,
                coop,
                T0 + 456 days,
                T0 + 396 days
            )
        );
        vm.prank(bank);
        book.declareDefault(loan1);

        // On day 400 the coop repays principal and interest; the lien is lifted in the same transaction.
        vm.warp(T0 + 400 days);
        (uint256 principal, uint256 interest) = book.owed(loan1);
        _assertEq(interest, 5_720_548, "CNY 57,205.48 = round(1.2m x 4.35% x 400/365)");
        _issue(coop, interest);
        uint256 bankBefore = ecny.balanceOf(bank);
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.LienReleased(orchard, bank, loan1, address(book));
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanRepaid(loan1, 1_200_000 * YUAN, interest);
        vm.prank(coop);
        book.repay(loan1, principal + interest);
        _assertEq(ecny.balanceOf(bank), bankBefore + principal + interest, "lender repaid with interest");
        _assertTrue(!rights.hasLien(orchard), "lien released");
    }

    /// @dev Steps 7–10: a guaranteed ¥1,000,000 loan defaults; disposal leaves ¥333,333.33; "4321".
    function _guaranteedLoanDefaultsAndIsShared4321() private returns (uint256 loan2) {
        _appraise(orchard, 2_000_000 * YUAN, 365);
        loan2 = _apply(coop, pear, 1_000_000 * YUAN, orchard, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(loan2);
        _issue(coop, 8_700 * YUAN); // fee = 1,000,000 × 0.87% × 365/365 = ¥8,700
        uint256 guarantorBefore = ecny.balanceOf(guarantor);
        _disburse(loan2);
        _assertEq(ecny.balanceOf(guarantor), guarantorBefore + 8_700 * YUAN, "guarantee fee");

        // Not repaid: default after maturity + 30 grace days (the flexible grace has lapsed).
        vm.warp(T0 + 400 days + 395 days + 1);
        vm.prank(bank);
        book.declareDefault(loan2);

        // Disposal: a produce trader buys the right; the remaining loss is exactly ¥333,333.33.
        uint256 loss = 333_333_33;
        uint256 price = book.loanOf(loan2).debtAtDefault - loss;
        _issue(merchant, price);
        vm.prank(merchant);
        ecny.approve(address(book), price);
        vm.prank(bank);
        book.dispose(loan2, merchant, price);
        _assertTrue(rights.ownerOf(orchard) == merchant, "right disposed of");

        // "4321": national 20%, provincial 30%, lender 20% by floor; the local guarantor the rest.
        uint256 bankBefore = ecny.balanceOf(bank);
        vmx.expectEmit(address(book));
        emit ILoanBook.RiskShared(loan2, loss, 6_666_666, 9_999_999, 6_666_666, 10_000_002);
        vm.prank(bank);
        book.callGuarantee(loan2);
        _assertEq(6_666_666 + 9_999_999 + 6_666_666 + 10_000_002, loss, "shares sum to the loss to the fen");
        _assertEq(ecny.balanceOf(bank) - bankBefore, 6_666_666 + 9_999_999 + 10_000_002, "the three shares");
        _assertEq(ecny.balanceOf(nationalFund), RISK_BUDGET - 6_666_666, "national fund paid");
        _assertEq(ecny.balanceOf(provincial), RISK_BUDGET - 9_999_999, "re-guarantor paid");
    }

    function _issue(address wallet, uint256 amount) private {
        issuedByTest += amount;
        _fund(wallet, amount);
    }

    /// @notice The Tangshan steel chain on the same engine: a micro working-capital loan (micro-lender,
    /// guaranteed 70/20), an equipment loan in instalments (bank), order financing (guaranteed 4321) and
    /// an inventory pledge on a warehouse receipt.
    function test_story_steelChainLoans() public {
        uint256 m = _microLoan();
        uint256 e = _equipmentLoan();
        uint256 o = _orderFinancing();
        (uint256 w, uint256 receipt) = _inventoryPledge();

        // Everyone repays on day 30: the supplier its micro-loan, supplier2 the first instalment,
        // the distributor both loans (the pledge's lien is lifted).
        vm.warp(T0 + 30 days);
        _repayAll(supplier, m);
        (, uint256 eInterest) = book.owed(e);
        _fund(supplier2, eInterest);
        vm.prank(supplier2);
        book.repay(e, eInterest + 100_000 * YUAN);
        (uint256 dueAt, ) = book.nextDue(e);
        _assertEq(dueAt, T0 + 60 days, "next month");
        _repayAll(distributor, o);
        _repayAll(distributor, w);
        _assertTrue(!rights.hasLien(receipt), "receipt released");
        _assertEq(_status(m) + _status(o) + _status(w), 3 * uint256(ILoanBook.Status.Repaid), "repaid");
        _assertEq(ecny.balanceOf(address(book)), 0, "book empty");
    }

    /// @dev Micro-loan company: ¥50k–500k working capital for a scrap recycler, 70/20 split.
    function _microLoan() private returns (uint256 m) {
        uint256 micro = _createProduct(microLender, _microParams());
        _fund(supplier, 50_000 * YUAN);
        m = _apply(supplier, micro, 300_000 * YUAN, 0, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(m);
        _disburse(m);
        // fee = round(300,000 × 0.87% × 180/365) = ¥1,287.12
        _assertEq(book.loanOf(m).guaranteeFee, 128_712, "micro fee");
    }

    /// @dev Bank: ¥1–5 million equipment upgrade, 36 monthly instalments over 1,080 days, Act/360.
    function _equipmentLoan() private returns (uint256 e) {
        ILoanBook.ProductParams memory eq = _potatoParams();
        eq.name = unicode"设备焕新贷";
        eq.purpose = ILoanBook.Purpose.Equipment;
        eq.rateBps = 480;
        eq.termDays = 1_080;
        eq.instalments = 36;
        eq.minPrincipal = 1_000_000 * YUAN;
        eq.maxPrincipal = 5_000_000 * YUAN;
        uint256 equipment = _createProduct(bank, eq);
        e = _apply(supplier2, equipment, 3_600_000 * YUAN, 0, address(0));
        _disburse(e);
        (uint256 dueAt, uint256 due) = book.nextDue(e);
        _assertEq(dueAt, T0 + 30 days, "monthly");
        _assertEq(due, 100_000 * YUAN, "1/36 of the principal");
    }

    /// @dev Order financing for a building-materials distributor, guaranteed "4321".
    function _orderFinancing() private returns (uint256 o) {
        ILoanBook.ProductParams memory orderParams = _microParams();
        orderParams.name = unicode"订单融";
        orderParams.purpose = ILoanBook.Purpose.OrderFinancing;
        orderParams.termDays = 90;
        orderParams.shares = _shares(2_000, 3_000, 2_000, 3_000);
        orderParams.maxPrincipal = 1_000_000 * YUAN;
        uint256 orders = _createProduct(bank, orderParams);
        o = _apply(distributor, orders, 800_000 * YUAN, 0, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(o);
        _disburse(o);
    }

    /// @dev Inventory pledge on a warehouse receipt (仓单质押), 70% LTV.
    function _inventoryPledge() private returns (uint256 w, uint256 receipt) {
        receipt = _receipt(distributor, "WR-TS-2026-0042");
        _appraise(receipt, 1_000_000 * YUAN, 180);
        ILoanBook.ProductParams memory ip = _pearParams();
        ip.name = unicode"仓单贷";
        ip.purpose = ILoanBook.Purpose.InventoryPledge;
        ip.ltvBps = 7_000;
        ip.termDays = 120;
        uint256 pledge = _createProduct(bank, ip);
        w = _apply(distributor, pledge, 700_000 * YUAN, receipt, address(0));
        _disburse(w);
        _assertEq(rights.lienOf(receipt).loanId, w, "receipt pledged");
    }

    function _postSales(uint256 week, uint256 amount) private {
        vm.prank(dataFeed);
        book.postWeeklySales(coop, week, amount);
    }

    function _repayAll(address borrower, uint256 loanId) private {
        (uint256 principal, uint256 interest) = book.owed(loanId);
        uint256 balance = ecny.balanceOf(borrower);
        if (balance < principal + interest) _fund(borrower, principal + interest - balance); // sales income
        vm.prank(borrower);
        book.repay(loanId, principal + interest);
    }
}
