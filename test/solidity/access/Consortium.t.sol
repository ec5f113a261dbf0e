// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {Consortium} from "../../../contracts/access/Consortium.sol";

contract ConsortiumTest is Fixture {
    address internal newcomer = address(0xBEEF);

    function setUp() public {
        _deployFoundation();
    }

    function test_admit_recordsRoleAndStatus() public {
        uint256 countBefore = consortium.memberCount();
        vm.prank(operator);
        consortium.admit(newcomer, IConsortium.Role.Supplier, unicode"唐山废钢回收");
        IConsortium.Member memory m = consortium.memberOf(newcomer);
        _assertEq(uint8(m.role), uint8(IConsortium.Role.Supplier), "role");
        _assertEq(uint8(m.status), uint8(IConsortium.Status.Active), "status");
        _assertEq(consortium.memberCount(), countBefore + 1, "count");
    }

    function test_admit_revertsForNonOperator() public {
        vm.prank(regulator);
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ConsortiumNotOperator.selector, regulator));
        consortium.admit(newcomer, IConsortium.Role.Supplier, "x");
    }

    function test_admit_revertsForRoleNone() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ConsortiumInvalidRole.selector, uint8(0)));
        consortium.admit(newcomer, IConsortium.Role.None, "x");
    }

    function test_admit_revertsForZeroAddress() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ConsortiumZeroAddress.selector));
        consortium.admit(address(0), IConsortium.Role.Supplier, "x");
    }

    function test_admit_revertsForExistingMember() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.ConsortiumAlreadyMember.selector, supplier, IConsortium.Status.Active)
        );
        consortium.admit(supplier, IConsortium.Role.Distributor, "x");
    }

    function test_suspendAndReinstate_toggleActivity() public {
        vm.prank(operator);
        consortium.suspend(supplier);
        if (consortium.isActive(supplier)) revert AssertEqFailed("suspended member is active", 1, 0);
        vm.prank(operator);
        consortium.reinstate(supplier);
        if (!consortium.isActive(supplier)) revert AssertEqFailed("reinstated member is inactive", 0, 1);
    }

    function test_reinstate_revertsForActiveMember() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.ConsortiumWrongStatus.selector, supplier, IConsortium.Status.Active)
        );
        consortium.reinstate(supplier);
    }

    function test_remove_isFinalAndBlocksReadmission() public {
        vm.startPrank(operator);
        consortium.remove(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.ConsortiumAlreadyMember.selector, supplier, IConsortium.Status.Removed)
        );
        consortium.admit(supplier, IConsortium.Role.Supplier, "again");
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.ConsortiumWrongStatus.selector, supplier, IConsortium.Status.Removed)
        );
        consortium.reinstate(supplier);
        vm.stopPrank();
    }

    function test_suspend_revertsForSelf() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ConsortiumCannotTargetSelf.selector, operator));
        consortium.suspend(operator);
    }

    function test_suspendedOperator_cannotAdmit() public {
        address second = address(0x0B0B);
        vm.prank(operator);
        consortium.admit(second, IConsortium.Role.PlatformOperator, "second operator");
        vm.prank(second);
        consortium.suspend(operator);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ConsortiumNotOperator.selector, operator));
        consortium.admit(newcomer, IConsortium.Role.Supplier, "x");
    }

    function test_registerSystemContract_revertsTwice() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ConsortiumAlreadySystemContract.selector, address(escrow)));
        consortium.registerSystemContract(address(escrow), "again");
    }

    function test_advanceClock_revertsOnFixedClock() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ConsortiumClockFixed.selector));
        consortium.advanceClock(1 days);
    }

    function test_advanceClock_movesProjectTimeOnAdjustableClock() public {
        Consortium adjustable = new Consortium(operator, "Platform", true);
        uint256 before = adjustable.currentTime();
        vm.prank(operator);
        adjustable.advanceClock(3 days);
        _assertEq(adjustable.currentTime(), before + 3 days, "time");
        _assertEq(adjustable.clockOffset(), 3 days, "offset");
    }

    function test_context_answersTheProjectTimeOfEitherClock() public {
        Consortium adjustable = new Consortium(operator, "Platform", true);
        vm.prank(operator);
        adjustable.advanceClock(3 days);
        (, , , uint256 moved) = adjustable.context(operator, address(0), address(0));
        _assertEq(moved, block.timestamp + 3 days, "adjustable clock: chain time plus the offset");
        (, , , uint256 fixedTime) = consortium.context(operator, address(0), address(0));
        _assertEq(fixedTime, block.timestamp, "fixed clock: chain time");
        _assertEq(consortium.currentTime(), block.timestamp, "fixed clock: current time");
    }
}
