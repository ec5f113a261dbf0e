// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";

/// @notice Every refusal of the e-CNY contract that the business tests do not reach, each with the
/// facts its error carries, and the distribution path a system contract pays many holders through.
/// The test contract itself is registered as a system contract, as VoucherLedger is in production.
contract ECNYRefusalsTest is Fixture {
    address internal walletless = address(0xC0FFEE);

    function setUp() public {
        _deployFoundation();
        _registerSystem(address(this), "ECNYRefusalsTest");
        vm.prank(operator);
        consortium.admit(walletless, IConsortium.Role.Merchant, "no wallet yet");
    }

    // ─────────────────────────────── ERC-20 ───────────────────────────────

    function test_metadata_namesTheDigitalYuan() public view {
        if (keccak256(bytes(ecny.name())) != keccak256("Digital Yuan")) revert AssertEqFailed("name", 0, 1);
        if (keccak256(bytes(ecny.symbol())) != keccak256("e-CNY")) revert AssertEqFailed("symbol", 0, 1);
    }

    function test_approve_revertsForTheZeroSpender() public {
        vm.prank(core);
        vm.expectRevert(IECNY.ECNYZeroAddress.selector);
        ecny.approve(address(0), 1);
    }

    function test_approve_revertsWithoutAWallet() public {
        vm.prank(walletless);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNoWallet.selector, walletless));
        ecny.approve(core, 1);
    }

    function test_transferFrom_withUnlimitedAllowanceLeavesItUnlimited() public {
        _fund(core, 100 * YUAN);
        vm.prank(core);
        ecny.approve(supplier, type(uint256).max);
        vm.prank(supplier);
        ecny.transferFrom(core, supplier2, 40 * YUAN);
        _assertEq(ecny.allowance(core, supplier), type(uint256).max, "allowance kept");
        _assertEq(ecny.balanceOf(supplier2), 40 * YUAN, "paid");
    }

    function test_transfer_revertsForZeroAmount() public {
        _fund(core, 100 * YUAN);
        vm.prank(core);
        vm.expectRevert(IECNY.ECNYZeroAmount.selector);
        ecny.transfer(supplier, 0);
    }

    function test_transfer_revertsAboveTheLargestBalance() public {
        uint256 tooLarge = uint256(type(uint80).max) + 1;
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYAmountTooLarge.selector, tooLarge, type(uint80).max));
        ecny.transfer(supplier, tooLarge);
    }

    function test_transfer_revertsFromAnAddressWithoutWallet() public {
        vm.prank(walletless);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNoWallet.selector, walletless));
        ecny.transfer(core, 1);
    }

    // ──────────────────────── central bank and banks ────────────────────────

    function test_setCategoryCaps_changesTheAnonymousCaps() public {
        vm.prank(centralBank);
        ecny.setCategoryCaps(IECNY.Category.Anonymous, 1_000_00, 3_000_00, 6_000_00);
        IECNY.Caps memory c = ecny.categoryCaps(IECNY.Category.Anonymous);
        _assertEq(c.perPayment, 1_000_00, "per payment");
        _assertEq(c.daily, 3_000_00, "daily");
        _assertEq(c.balance, 6_000_00, "balance");
    }

    function test_setCategoryCaps_revertsForCorporateAndSystem() public {
        vm.startPrank(centralBank);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInvalidCategory.selector, IECNY.Category.Corporate));
        ecny.setCategoryCaps(IECNY.Category.Corporate, 1, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInvalidCategory.selector, IECNY.Category.System));
        ecny.setCategoryCaps(IECNY.Category.System, 1, 1, 1);
        vm.stopPrank();
    }

    function test_openWallet_revertsForCorporateCategory() public {
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInvalidCategory.selector, IECNY.Category.Corporate));
        ecny.openWallet(walletless, IECNY.Category.Corporate);
    }

    function test_setCorporateCaps_revertsForAPersonalWallet() public {
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInvalidCategory.selector, IECNY.Category.Verified));
        ecny.setCorporateCaps(farmer, 1, 1, 1);
    }

    function test_freeze_revertsForAFrozenWallet() public {
        vm.startPrank(bank);
        ecny.freeze(supplier);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYWalletFrozen.selector, supplier));
        ecny.freeze(supplier);
        vm.stopPrank();
    }

    function test_unfreeze_revertsForAWalletNotFrozen() public {
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYWalletNotFrozen.selector, supplier));
        ecny.unfreeze(supplier);
    }

    function test_issue_revertsForZeroAmount() public {
        vm.prank(bank);
        vm.expectRevert(IECNY.ECNYZeroAmount.selector);
        ecny.issue(core, 0);
    }

    function test_issue_revertsIntoAnAddressWithoutWallet() public {
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNoWallet.selector, walletless));
        ecny.issue(walletless, 1);
    }

    // ───────────────────────────── platform ─────────────────────────────

    function test_openSystemWallet_revertsForAnUnregisteredContract() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNotSystemContract.selector, walletless));
        ecny.openSystemWallet(walletless);
    }

    function test_openSystemWallet_revertsForAnExistingWallet() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYWalletExists.selector, address(escrow), operator));
        ecny.openSystemWallet(address(escrow));
    }

    // ───────────────────────────── holders ─────────────────────────────

    function test_redeem_revertsForZeroAmount() public {
        vm.prank(core);
        vm.expectRevert(IECNY.ECNYZeroAmount.selector);
        ecny.redeem(0);
    }

    function test_redeem_revertsWithoutAWallet() public {
        vm.prank(walletless);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNoWallet.selector, walletless));
        ecny.redeem(1);
    }

    // ───────────────────────── system contracts ─────────────────────────

    function test_systemTransferFrom_movesAMembersMoneyWithoutAllowance() public {
        _fund(core, 100 * YUAN);
        ecny.systemTransferFrom(core, address(this), 30 * YUAN);
        _assertEq(ecny.balanceOf(address(this)), 30 * YUAN, "system wallet");
        _assertEq(ecny.balanceOf(core), 70 * YUAN, "payer");
        IECNY.WalletView memory v = ecny.walletOf(address(this));
        _assertEq(uint8(v.category), uint8(IECNY.Category.System), "category");
        _assertEq(v.caps.balance, type(uint80).max, "a system wallet holds up to the largest balance");
    }

    function test_distribute_paysEveryOpenWalletAndSkipsTheRest() public {
        _fund(core, 1_000 * YUAN);
        ecny.systemTransferFrom(core, address(this), 1_000 * YUAN);
        vm.prank(bank);
        ecny.freeze(supplier2);
        address[] memory to = new address[](4);
        uint256[] memory amounts = new uint256[](4);
        (to[0], amounts[0]) = (supplier, 100 * YUAN);
        (to[1], amounts[1]) = (supplier2, 200 * YUAN); // frozen: skipped, money stays here
        (to[2], amounts[2]) = (supplier3, 0); // nothing to pay: skipped
        (to[3], amounts[3]) = (walletless, 300 * YUAN); // no wallet: skipped
        (bool[] memory paid, uint256 total) = ecny.distribute(to, amounts);
        _assertEq(total, 100 * YUAN, "total");
        if (!paid[0] || paid[1] || paid[2] || paid[3]) revert AssertEqFailed("paid flags", 0, 1);
        _assertEq(ecny.balanceOf(supplier), 100 * YUAN, "paid holder");
        _assertEq(ecny.balanceOf(address(this)), 900 * YUAN, "the rest stays with the payer");
    }

    function test_distribute_revertsForMismatchedLengths() public {
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYLengthMismatch.selector, 1, 0));
        ecny.distribute(new address[](1), new uint256[](0));
    }

    /// A system wallet was opened by the platform operator, which is no bank, and a bank freezes only
    /// the wallets it opened: so no one can freeze it (distribute's frozen check is defensive).
    function test_freeze_revertsForASystemWallet() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                operator,
                IConsortium.Role.PlatformOperator,
                uint256(1 << uint8(IConsortium.Role.OperatorBank))
            )
        );
        ecny.freeze(address(this));
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNotWalletBank.selector, bank, address(this), operator));
        ecny.freeze(address(this));
    }

    function test_distribute_revertsForPayingItself() public {
        _fund(core, 10 * YUAN);
        ecny.systemTransferFrom(core, address(this), 10 * YUAN);
        address[] memory to = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        (to[0], amounts[0]) = (address(this), 1);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYSelfPayment.selector, address(this)));
        ecny.distribute(to, amounts);
    }

    function test_distribute_revertsAboveItsBalance() public {
        _fund(core, 10 * YUAN);
        ecny.systemTransferFrom(core, address(this), 10 * YUAN);
        address[] memory to = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        (to[0], amounts[0]) = (supplier, 6 * YUAN);
        (to[1], amounts[1]) = (supplier2, 6 * YUAN);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYInsufficientBalance.selector, address(this), 4 * YUAN, 6 * YUAN)
        );
        ecny.distribute(to, amounts);
    }
}
