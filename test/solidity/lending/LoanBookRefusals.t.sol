// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {LendingFixture} from "./LendingFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {ILoanBook} from "../../../contracts/interfaces/ILoanBook.sol";

/// @notice Loan-book refusals that the lifecycle tests do not reach.
contract LoanBookRefusalsTest is LendingFixture {
    uint256 internal pearId;
    uint256 internal land;

    function setUp() public {
        _deployLending();
        pearId = _createProduct(bank, _pearParams());
        land = _land(coop, "130638-2026-000009", 80);
        _appraise(land, 2_000_000 * YUAN, 365);
    }

    /// A loan that is not Active asks the registry only whether its borrower is active
    /// (ConsortiumGuarded._requireActive): a suspended borrower cannot withdraw its application.
    function test_withdraw_revertsForASuspendedBorrower() public {
        uint256 id = _apply(coop, pearId, 1_000_000 * YUAN, land, address(0));
        vm.prank(operator);
        consortium.suspend(coop);
        vm.prank(coop);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, coop, IConsortium.Status.Suspended)
        );
        book.withdraw(id);
        vm.prank(operator);
        consortium.reinstate(coop);
        vm.prank(coop);
        book.withdraw(id);
        _assertEq(_status(id), uint256(ILoanBook.Status.Withdrawn), "withdrawn once reinstated");
    }
}
