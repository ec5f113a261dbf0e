// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IPaymentEscrow} from "../../../contracts/interfaces/IPaymentEscrow.sol";

/// @notice The escrow's refusals that the business tests do not reach, and its counters.
contract PaymentEscrowRefusalsTest is Fixture {
    bytes32 internal constant REF = keccak256("waybill TS-2026-0002");

    function setUp() public {
        _deployFoundation();
        _fund(distributor, 1_000_000 * YUAN);
    }

    function test_counts_numberOrdersAndSchedulesFromOne() public {
        vm.startPrank(distributor);
        uint256 first = escrow.lockForDelivery(merchant, 10 * YUAN, REF, T0 + 1 days, logistics);
        uint256 second = escrow.lockForDelivery(merchant, 20 * YUAN, REF, T0 + 1 days, logistics);
        uint256 scheduled = escrow.schedulePayment(core, 30 * YUAN, T0 + 7 days, bytes32("rent"));
        vm.stopPrank();
        _assertEq(first, 1, "first order");
        _assertEq(second, 2, "second order");
        _assertEq(scheduled, 1, "first schedule");
        _assertEq(escrow.orderCount(), 2, "orders");
        _assertEq(escrow.scheduleCount(), 1, "schedules");
        _assertEq(escrow.lockedTotal(), 60 * YUAN, "locked");
    }

    function test_lockForDelivery_revertsAboveTheLargestAmount() public {
        uint256 tooLarge = uint256(type(uint96).max) + 1;
        vm.prank(distributor);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowAmountTooLarge.selector, tooLarge));
        escrow.lockForDelivery(merchant, tooLarge, REF, T0 + 1 days, logistics);
    }

    function test_confirmDelivery_revertsForAnUnknownOrder() public {
        vm.prank(logistics);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowUnknownOrder.selector, 7));
        escrow.confirmDelivery(7, REF);
    }

    function test_confirmDelivery_revertsForASuspendedLogisticsMember() public {
        vm.prank(distributor);
        uint256 id = escrow.lockForDelivery(merchant, 10 * YUAN, REF, T0 + 1 days, logistics);
        vm.prank(operator);
        consortium.suspend(logistics);
        vm.prank(logistics);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, logistics, IConsortium.Status.Suspended)
        );
        escrow.confirmDelivery(id, REF);
    }

    function test_schedulePayment_revertsForADueDateNotInTheFuture() public {
        vm.startPrank(distributor);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowDeadlineNotInFuture.selector, T0, T0));
        escrow.schedulePayment(core, 1, T0, bytes32("now is not the future"));
        uint256 tooFar = uint256(type(uint40).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowDeadlineNotInFuture.selector, tooFar, T0));
        escrow.schedulePayment(core, 1, tooFar, bytes32("beyond uint40"));
        vm.stopPrank();
    }

    function test_releaseScheduled_revertsForAnUnknownSchedule() public {
        vm.prank(merchant);
        vm.expectRevert(abi.encodeWithSelector(IPaymentEscrow.EscrowUnknownSchedule.selector, 3));
        escrow.releaseScheduled(3);
    }
}
