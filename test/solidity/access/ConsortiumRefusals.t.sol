// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {Consortium} from "../../../contracts/access/Consortium.sol";

/// @notice The registry's refusals that the membership tests do not reach.
contract ConsortiumRefusalsTest is Fixture {
    function setUp() public {
        _deployFoundation();
    }

    function test_constructor_revertsForTheZeroOperator() public {
        vm.expectRevert(IConsortium.ConsortiumZeroAddress.selector);
        new Consortium(address(0), "nobody", false);
    }

    function test_clockAdjustable_tellsTheDeploymentKind() public {
        if (consortium.clockAdjustable()) revert AssertEqFailed("fixture clock is fixed", 1, 0);
        Consortium simulated = new Consortium(operator, "Platform", true);
        if (!simulated.clockAdjustable()) revert AssertEqFailed("simulation clock adjusts", 0, 1);
    }

    function test_suspend_revertsForAMemberNotActive() public {
        vm.startPrank(operator);
        consortium.suspend(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.ConsortiumWrongStatus.selector, supplier, IConsortium.Status.Suspended)
        );
        consortium.suspend(supplier);
        vm.stopPrank();
    }

    function test_remove_revertsForSelf() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IConsortium.ConsortiumCannotTargetSelf.selector, operator));
        consortium.remove(operator);
    }

    function test_remove_revertsForAnAddressNeverAdmittedOrRemoved() public {
        vm.startPrank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.ConsortiumWrongStatus.selector, outsider, IConsortium.Status.None)
        );
        consortium.remove(outsider);
        uint256 members = consortium.memberCount();
        consortium.remove(supplier);
        _assertEq(consortium.memberCount(), members - 1, "member count");
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.ConsortiumWrongStatus.selector, supplier, IConsortium.Status.Removed)
        );
        consortium.remove(supplier);
        vm.stopPrank();
    }

    function test_registerSystemContract_revertsForTheZeroAddress() public {
        vm.prank(operator);
        vm.expectRevert(IConsortium.ConsortiumZeroAddress.selector);
        consortium.registerSystemContract(address(0), "nothing");
    }
}
