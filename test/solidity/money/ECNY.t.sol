// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";

contract ECNYTest is Fixture {
    address internal anon = address(0xA11CE);
    address internal anon2 = address(0xA11CF);

    function setUp() public {
        _deployFoundation();
        vm.startPrank(operator);
        consortium.admit(anon, IConsortium.Role.Merchant, "anonymous shopper");
        consortium.admit(anon2, IConsortium.Role.Merchant, "anonymous shopper 2");
        vm.stopPrank();
        vm.startPrank(bank);
        ecny.openWallet(anon, IECNY.Category.Anonymous);
        ecny.openWallet(anon2, IECNY.Category.Anonymous);
        vm.stopPrank();
    }

    function test_metadata_isTwoDecimalFen() public view {
        _assertEq(ecny.decimals(), 2, "decimals");
    }

    function test_issue_creditsWalletAndOutstanding() public {
        _fund(core, 1_000 * YUAN);
        _assertEq(ecny.balanceOf(core), 1_000 * YUAN, "balance");
        _assertEq(ecny.outstandingOf(bank), 1_000 * YUAN, "outstanding");
        _assertEq(ecny.totalSupply(), 1_000 * YUAN, "supply");
    }

    function test_issue_revertsAboveQuota() public {
        vm.prank(centralBank);
        ecny.setQuota(bank, 500 * YUAN);
        _fund(core, 400 * YUAN);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYQuotaExceeded.selector, bank, 500 * YUAN, 400 * YUAN, 200 * YUAN)
        );
        ecny.issue(core, 200 * YUAN);
    }

    function test_issue_revertsIntoWalletOfAnotherBank() public {
        vm.prank(bank2);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNotWalletBank.selector, bank2, core, bank));
        ecny.issue(core, 1);
    }

    function test_issue_revertsForNonBank() public {
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                core,
                IConsortium.Role.CoreEnterprise,
                uint256(1 << uint8(IConsortium.Role.OperatorBank))
            )
        );
        ecny.issue(core, 1);
    }

    function test_setQuota_revertsForRegulator() public {
        vm.prank(regulator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                uint256(1 << uint8(IConsortium.Role.CentralBank))
            )
        );
        ecny.setQuota(bank, 1);
    }

    function test_transfer_revertsToAddressWithoutWallet() public {
        _fund(core, 100 * YUAN);
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNoWallet.selector, registry));
        ecny.transfer(registry, 1);
    }

    function test_transfer_revertsToNonMember() public {
        _fund(core, 100 * YUAN);
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNoWallet.selector, outsider));
        ecny.transfer(outsider, 1);
    }

    function test_transfer_revertsAboveBalance() public {
        _fund(core, 100 * YUAN);
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInsufficientBalance.selector, core, 100 * YUAN, 101 * YUAN));
        ecny.transfer(supplier, 101 * YUAN);
    }

    function test_frozenWallet_neitherPaysNorReceives() public {
        _fund(core, 100 * YUAN);
        _fund(supplier, 100 * YUAN);
        vm.prank(bank);
        ecny.freeze(supplier);
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYWalletFrozen.selector, supplier));
        ecny.transfer(supplier, 1);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYWalletFrozen.selector, supplier));
        ecny.transfer(core, 1);
        vm.prank(bank);
        ecny.unfreeze(supplier);
        vm.prank(core);
        ecny.transfer(supplier, 1);
    }

    function test_freeze_revertsForAnotherBanksWallet() public {
        vm.prank(bank2);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNotWalletBank.selector, bank2, supplier, bank));
        ecny.freeze(supplier);
    }

    function test_suspendedMember_neitherPaysNorReceives() public {
        _fund(core, 100 * YUAN);
        _fund(supplier, 100 * YUAN);
        vm.prank(operator);
        consortium.suspend(supplier);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier, IConsortium.Status.Suspended)
        );
        ecny.transfer(supplier, 1);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier, IConsortium.Status.Suspended)
        );
        ecny.transfer(core, 1);
    }

    function test_anonymousWallet_perPaymentCap() public {
        _fund(anon, 5_000 * YUAN);
        vm.prank(anon);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYPerPaymentCapExceeded.selector, anon, 2_000 * YUAN, 2_000 * YUAN + 1)
        );
        ecny.transfer(merchant, 2_000 * YUAN + 1);
    }

    function test_anonymousWallet_dailyCapResetsNextBeijingDay() public {
        _fund(anon, 10_000 * YUAN);
        vm.startPrank(anon);
        ecny.transfer(merchant, 2_000 * YUAN);
        ecny.transfer(merchant, 2_000 * YUAN);
        ecny.transfer(merchant, 1_000 * YUAN);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYDailyCapExceeded.selector, anon, 5_000 * YUAN, 5_000 * YUAN, 1)
        );
        ecny.transfer(merchant, 1);
        // T0 is 08:00 in Beijing; the Beijing day ends 16 hours later.
        vm.warp(T0 + 16 hours);
        ecny.transfer(merchant, 2_000 * YUAN);
        vm.stopPrank();
    }

    function test_anonymousWallet_balanceCap() public {
        _fund(anon, 9_000 * YUAN);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IECNY.ECNYBalanceCapExceeded.selector,
                anon,
                10_000 * YUAN,
                9_000 * YUAN,
                1_000 * YUAN + 1
            )
        );
        ecny.issue(anon, 1_000 * YUAN + 1);
    }

    function test_corporateCaps_setByTheBank() public {
        _fund(core, 1_000 * YUAN);
        vm.prank(bank);
        ecny.setCorporateCaps(core, 100 * YUAN, 150 * YUAN, CORP_CAP);
        vm.startPrank(core);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYPerPaymentCapExceeded.selector, core, 100 * YUAN, 100 * YUAN + 1)
        );
        ecny.transfer(supplier, 100 * YUAN + 1);
        ecny.transfer(supplier, 100 * YUAN);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYDailyCapExceeded.selector, core, 150 * YUAN, 100 * YUAN, 51 * YUAN)
        );
        ecny.transfer(supplier, 51 * YUAN);
        vm.stopPrank();
    }

    function test_openCorporateWallet_revertsForInvalidCaps() public {
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInvalidCaps.selector, 10, 5, 100));
        ecny.openCorporateWallet(dataFeed, 10, 5, 100);
    }

    function test_openWallet_revertsForRegulatorAndNonMember() public {
        vm.startPrank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                _holderMask()
            )
        );
        ecny.openWallet(regulator, IECNY.Category.Verified);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        ecny.openWallet(outsider, IECNY.Category.Verified);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYWalletExists.selector, core, bank));
        ecny.openWallet(core, IECNY.Category.Verified);
        vm.stopPrank();
    }

    function test_redeem_burnsAndReducesOutstanding() public {
        _fund(core, 100 * YUAN);
        vm.prank(core);
        ecny.redeem(40 * YUAN);
        _assertEq(ecny.balanceOf(core), 60 * YUAN, "balance");
        _assertEq(ecny.outstandingOf(bank), 60 * YUAN, "outstanding");
        _assertEq(ecny.totalSupply(), 60 * YUAN, "supply");
    }

    function test_redeem_revertsAboveBanksOutstanding() public {
        _fund(core, 100 * YUAN);
        vm.prank(core);
        ecny.transfer(bank2, 100 * YUAN);
        // bank2 opened its own wallet but issued nothing: it cannot redeem what bank issued.
        vm.prank(bank2);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYRedemptionExceedsOutstanding.selector, bank2, 0, 100 * YUAN));
        ecny.redeem(100 * YUAN);
    }

    function test_systemTransferFrom_revertsForNonSystemCaller() public {
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNotSystemContract.selector, core));
        ecny.systemTransferFrom(supplier, core, 1);
    }

    /// @dev Found by the API's authorization matrix: a suspended member still gave new allowances.
    function test_approve_revertsForASuspendedMember() public {
        vm.prank(operator);
        consortium.suspend(core);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, core, IConsortium.Status.Suspended)
        );
        ecny.approve(supplier, 1);
        vm.prank(operator);
        consortium.reinstate(core);
        vm.prank(core);
        ecny.approve(supplier, 1);
        _assertEq(ecny.allowance(core, supplier), 1, "allowance once reinstated");
    }

    function test_transferFrom_spendsAllowance() public {
        _fund(core, 100 * YUAN);
        vm.prank(core);
        ecny.approve(supplier, 30 * YUAN);
        vm.prank(supplier);
        ecny.transferFrom(core, supplier2, 20 * YUAN);
        _assertEq(ecny.allowance(core, supplier), 10 * YUAN, "allowance");
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYInsufficientAllowance.selector, core, supplier, 10 * YUAN, 20 * YUAN)
        );
        ecny.transferFrom(core, supplier2, 20 * YUAN);
    }

    function test_receiveBlock_namesTheReason() public {
        _assertEq(uint8(ecny.receiveBlock(registry, 1)), uint8(IECNY.ReceiveBlock.NoWallet), "no wallet");
        _assertEq(uint8(ecny.receiveBlock(anon, 10_001 * YUAN)), uint8(IECNY.ReceiveBlock.BalanceCap), "cap");
        vm.prank(operator);
        consortium.suspend(supplier);
        _assertEq(uint8(ecny.receiveBlock(supplier, 1)), uint8(IECNY.ReceiveBlock.NotActiveMember), "suspended");
        _assertEq(uint8(ecny.receiveBlock(core, 1)), uint8(IECNY.ReceiveBlock.None), "ok");
    }

    /// Any sequence of payments from an anonymous wallet stays within its caps or is refused.
    function testFuzz_anonymousCaps(uint256[6] memory amounts, uint256[6] memory hoursLater) public {
        _fund(anon, 10_000 * YUAN);
        uint256 day = type(uint256).max;
        uint256 spent;
        uint256 t = T0;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 amount = _bound(amounts[i], 1, 3_000 * YUAN);
            t += _bound(hoursLater[i], 0, 30) * 1 hours;
            vm.warp(t);
            uint256 today = (t + 8 hours) / 1 days;
            if (today != day) {
                day = today;
                spent = 0;
            }
            uint256 balance = ecny.balanceOf(anon);
            bool ok = amount <= 2_000 * YUAN && spent + amount <= 5_000 * YUAN && amount <= balance;
            vm.prank(anon);
            if (!ok) vm.expectRevert();
            ecny.transfer(merchant, amount);
            if (ok) spent += amount;
            if (ecny.walletOf(anon).spentToday > 5_000 * YUAN) revert AssertEqFailed("daily cap", spent, 5_000 * YUAN);
        }
    }

    /// Issuance into a capped wallet never leaves it above its balance cap.
    function testFuzz_balanceCap(uint256 first, uint256 second) public {
        first = _bound(first, 1, 20_000 * YUAN);
        second = _bound(second, 1, 20_000 * YUAN);
        vm.prank(bank);
        if (first > 10_000 * YUAN) vm.expectRevert();
        ecny.issue(anon, first);
        uint256 held = ecny.balanceOf(anon);
        vm.prank(bank);
        if (held + second > 10_000 * YUAN) vm.expectRevert();
        ecny.issue(anon, second);
        if (ecny.balanceOf(anon) > 10_000 * YUAN) revert AssertEqFailed("balance cap", ecny.balanceOf(anon), 0);
    }

    function _holderMask() internal pure returns (uint256) {
        return ((1 << 16) - 1) & ~uint256(1) & ~uint256(1 << uint8(IConsortium.Role.Regulator));
    }
}
