// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";
import {IPaymentEscrow} from "../../../contracts/interfaces/IPaymentEscrow.sol";

contract PaymentEscrowTest is Fixture {
    bytes32 internal constant REF = keccak256("waybill TS-2026-0001");

    function setUp() public {
        _deployFoundation();
        _fund(distributor, 1_000_000 * YUAN);
    }

    function _lock(uint256 amount) internal returns (uint256 id) {
        vm.prank(distributor);
        id = escrow.lockForDelivery(merchant, amount, REF, T0 + 3 days, logistics);
    }

    function test_confirmDelivery_paysSellerInTheSameTransaction() public {
        uint256 id = _lock(50_000 * YUAN);
        _assertEq(ecny.balanceOf(address(escrow)), 50_000 * YUAN, "locked");
        vm.warp(T0 + 1 days);
        vm.prank(logistics);
        escrow.confirmDelivery(id, REF);
        _assertEq(ecny.balanceOf(merchant), 50_000 * YUAN, "seller paid");
        _assertEq(ecny.balanceOf(address(escrow)), 0, "escrow empty");
        IPaymentEscrow.Order memory o = escrow.orderOf(id);
        _assertEq(uint8(o.status), uint8(IPaymentEscrow.Status.Released), "status");
        _assertEq(o.settledAt, T0 + 1 days, "settled at delivery");
    }

    function test_confirmDelivery_revertsForAnotherLogisticsMember() public {
        uint256 id = _lock(1_000 * YUAN);
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowNotOrderLogistics.selector, id, core, logistics));
        escrow.confirmDelivery(id, REF);
    }

    function test_confirmDelivery_revertsForWrongReference() public {
        uint256 id = _lock(1_000 * YUAN);
        vm.prank(logistics);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrow.EscrowDeliveryRefMismatch.selector, id, REF, bytes32("other"))
        );
        escrow.confirmDelivery(id, bytes32("other"));
    }

    function test_confirmDelivery_revertsAfterDeadline() public {
        uint256 id = _lock(1_000 * YUAN);
        vm.warp(T0 + 3 days);
        vm.prank(logistics);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrow.EscrowDeadlinePassed.selector, id, T0 + 3 days, T0 + 3 days)
        );
        escrow.confirmDelivery(id, REF);
    }

    function test_refund_returnsMoneyAfterDeadlineOnly() public {
        uint256 id = _lock(1_000 * YUAN);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowDeadlineNotReached.selector, id, T0 + 3 days, T0));
        vm.prank(distributor);
        escrow.refund(id);
        vm.warp(T0 + 3 days);
        vm.prank(distributor);
        escrow.refund(id);
        _assertEq(ecny.balanceOf(distributor), 1_000_000 * YUAN, "buyer refunded");
    }

    function test_order_isNeverBothPaidAndRefunded() public {
        uint256 id = _lock(1_000 * YUAN);
        vm.prank(logistics);
        escrow.confirmDelivery(id, REF);
        vm.warp(T0 + 4 days);
        vm.prank(distributor);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrow.EscrowNotOpen.selector, id, IPaymentEscrow.Status.Released)
        );
        escrow.refund(id);
        vm.prank(logistics);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrow.EscrowNotOpen.selector, id, IPaymentEscrow.Status.Released)
        );
        escrow.confirmDelivery(id, REF);
    }

    function test_lockForDelivery_revertsForNonLogisticsConfirmer() public {
        vm.prank(distributor);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                core,
                IConsortium.Role.CoreEnterprise,
                uint256(1 << uint8(IConsortium.Role.Logistics))
            )
        );
        escrow.lockForDelivery(merchant, 1, REF, T0 + 1 days, core);
    }

    function test_lockForDelivery_revertsForPastDeadlineAndZeroAmount() public {
        vm.startPrank(distributor);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowDeadlineNotInFuture.selector, T0, T0));
        escrow.lockForDelivery(merchant, 1, REF, T0, logistics);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowZeroAmount.selector));
        escrow.lockForDelivery(merchant, 0, REF, T0 + 1, logistics);
        vm.stopPrank();
    }

    function test_lockForDelivery_countsAgainstBuyersCaps() public {
        vm.prank(bank);
        ecny.setCorporateCaps(distributor, 10_000 * YUAN, 10_000 * YUAN, CORP_CAP);
        vm.prank(distributor);
        vm.expectRevert(
            abi.encodeWithSelector(
                IECNY.ECNYPerPaymentCapExceeded.selector,
                distributor,
                10_000 * YUAN,
                10_000 * YUAN + 1
            )
        );
        escrow.lockForDelivery(merchant, 10_000 * YUAN + 1, REF, T0 + 1 days, logistics);
    }

    function test_confirmDelivery_respectsSellersBalanceCap() public {
        vm.prank(distributor);
        uint256 id = escrow.lockForDelivery(farmer, 600_000 * YUAN, REF, T0 + 1 days, logistics);
        vm.prank(logistics);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYBalanceCapExceeded.selector, farmer, 500_000 * YUAN, 0, 600_000 * YUAN)
        );
        escrow.confirmDelivery(id, REF);
    }

    function test_scheduledPayment_releasedByAnyMemberOnceDue() public {
        vm.prank(distributor);
        uint256 id = escrow.schedulePayment(core, 5_000 * YUAN, T0 + 30 days, bytes32("loan instalment"));
        vm.prank(merchant);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowNotDue.selector, id, T0 + 30 days, T0));
        escrow.releaseScheduled(id);
        vm.warp(T0 + 30 days);
        vm.prank(merchant);
        escrow.releaseScheduled(id);
        _assertEq(ecny.balanceOf(core), 5_000 * YUAN, "payee paid");
        vm.prank(merchant);
        vm.expectRevert(
            abi.encodeWithSelector(IPaymentEscrow.EscrowNotOpen.selector, id, IPaymentEscrow.Status.Released)
        );
        escrow.releaseScheduled(id);
    }

    function test_regulator_cannotTriggerARefund() public {
        uint256 id = _lock(1_000 * YUAN);
        vm.warp(T0 + 3 days);
        vm.prank(regulator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                ((1 << 16) - 1) & ~uint256(1) & ~uint256(1 << uint8(IConsortium.Role.Regulator))
            )
        );
        escrow.refund(id);
    }

    function test_regulatorAndNonMember_cannotLock() public {
        vm.prank(regulator);
        vm.expectRevert();
        escrow.lockForDelivery(merchant, 1, REF, T0 + 1 days, logistics);
        vm.prank(outsider);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        escrow.schedulePayment(merchant, 1, T0 + 1 days, bytes32(0));
    }
}
