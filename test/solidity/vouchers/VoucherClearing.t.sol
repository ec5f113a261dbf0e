// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {VoucherFixture, vmv} from "./VoucherFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";
import {IVoucherLedger} from "../../../contracts/interfaces/IVoucherLedger.sol";

/// @notice Repayment, clearing to holders, the pull path, overdue and default.
contract VoucherClearingTest is VoucherFixture {
    uint256 internal slot;
    uint256 internal maturity;
    uint256[4] internal ids; // supplier 6M, supplier2 2M, supplier3 1M, distributor 1M
    address[4] internal holders;
    uint256[4] internal values;

    function setUp() public {
        _deployVouchers();
        (slot, ids[0]) = _issueAccepted(supplier, FACE, 180);
        maturity = _maturity(slot);
        ids[1] = _split(supplier, ids[0], supplier2, 2_000_000 * YUAN);
        ids[2] = _split(supplier, ids[0], supplier3, 1_000_000 * YUAN);
        ids[3] = _split(supplier, ids[0], distributor, 1_000_000 * YUAN);
        holders = [supplier, supplier2, supplier3, distributor];
        values = [6_000_000 * YUAN, 2_000_000 * YUAN, 1_000_000 * YUAN, 1_000_000 * YUAN];
    }

    // ───────────────────────────── repay ─────────────────────────────

    function test_repay_paysTheFaceIntoTheLedgerAndReleasesTheLine() public {
        _fund(core, FACE);
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IVoucherLedger.VoucherRepaid(slot, core, FACE, false);
        vm.prank(core);
        ledger.repay(slot);
        _assertEq(ecny.balanceOf(address(ledger)), FACE, "ledger balance");
        _assertEq(ecny.balanceOf(core), 0, "core balance");
        _assertEq(ledger.outstandingOf(core), 0, "line released");
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(slot);
        _assertEq(uint256(v.status), uint256(IVoucherLedger.VoucherStatus.Repaid), "repaid");
        _assertTrue(v.repaid, "flag");
        _assertEq(v.repaidAt, block.timestamp, "repaidAt");
    }

    function test_repay_reverts() public {
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotPayer.selector, slot, supplier, core));
        ledger.repay(slot);
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInsufficientBalance.selector, core, 0, FACE));
        ledger.repay(slot);
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownVoucher.selector, 5));
        ledger.repay(5);
        uint256 pending = _issue(supplier, MIN_UNIT, 30);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherNotRepayable.selector,
                pending,
                IVoucherLedger.VoucherStatus.Pending
            )
        );
        ledger.repay(pending);
        _repay(slot);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherNotRepayable.selector,
                slot,
                IVoucherLedger.VoucherStatus.Repaid
            )
        );
        ledger.repay(slot);
    }

    function test_repay_lateAfterDefault() public {
        vm.warp(maturity + 30 days);
        vm.prank(supplier2);
        ledger.declareDefault(slot);
        _fund(core, FACE);
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IVoucherLedger.VoucherRepaid(slot, core, FACE, true);
        vm.prank(core);
        ledger.repay(slot);
        vm.prank(operator);
        (uint256 paid, bool done) = ledger.clear(slot, 10);
        _assertEq(paid, 4, "paid");
        _assertTrue(done, "done");
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Cleared), "cleared");
    }

    // ───────────────────────────── clear ─────────────────────────────

    function test_clear_paysEveryHolder() public {
        _repay(slot);
        vm.warp(maturity);
        for (uint256 i; i < 4; ++i) {
            vmv.expectEmit(true, true, false, true, address(ledger));
            emit IVoucherLedger.VoucherTokenPaid(ids[i], holders[i], values[i]);
        }
        vmv.expectEmit(true, false, false, true, address(ledger));
        emit IVoucherLedger.VoucherClearingProgressed(slot, 4, 4, FACE);
        vmv.expectEmit(true, false, false, true, address(ledger));
        emit IVoucherLedger.VoucherCleared(slot, FACE);
        vm.prank(logistics); // any member may run the clearing, even one without a stake in the voucher
        (uint256 paid, bool done) = ledger.clear(slot, 100);
        _assertEq(paid, 4, "paid");
        _assertTrue(done, "done");
        for (uint256 i; i < 4; ++i) {
            _assertEq(ecny.balanceOf(holders[i]), values[i], "holder paid");
            _assertEq(uint256(_status(ids[i])), uint256(IVoucherLedger.TokenStatus.Cleared), "token cleared");
            _assertEq(_value(ids[i]), values[i], "value kept as the record");
        }
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(slot);
        _assertEq(v.cleared, FACE, "cleared == face");
        _assertEq(uint256(v.status), uint256(IVoucherLedger.VoucherStatus.Cleared), "voucher cleared");
        _assertEq(ecny.balanceOf(address(ledger)), 0, "ledger empty");
        _assertEq(ecny.balanceOf(logistics), 0, "nothing to the caller");
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotRepaid.selector, slot, IVoucherLedger.VoucherStatus.Cleared)
        );
        ledger.clear(slot, 1);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherTokenNotLive.selector,
                ids[0],
                IVoucherLedger.TokenStatus.Cleared
            )
        );
        ledger.split(ids[0], supplier2, MIN_UNIT);
    }

    function test_clear_pagesWithACursor() public {
        _repay(slot);
        vm.warp(maturity + 3 days);
        vm.prank(operator);
        (uint256 paid, bool done) = ledger.clear(slot, 3);
        _assertEq(paid, 3, "first page");
        _assertTrue(!done, "not done");
        _assertEq(ledger.voucherOf(slot).clearCursor, 3, "cursor");
        _assertEq(ledger.voucherOf(slot).cleared, 9_000_000 * YUAN, "cleared so far");
        vm.prank(operator);
        (paid, done) = ledger.clear(slot, 3);
        _assertEq(paid, 1, "second page");
        _assertTrue(done, "done");
        _assertEq(ecny.balanceOf(distributor), values[3], "last holder");
    }

    function test_clear_reverts() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotRepaid.selector, slot, IVoucherLedger.VoucherStatus.Active)
        );
        ledger.clear(slot, 10);
        _repay(slot);
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotMatured.selector, slot, maturity, block.timestamp)
        );
        ledger.clear(slot, 10);
        vm.warp(maturity);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherZeroMaxTokens.selector));
        ledger.clear(slot, 0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownVoucher.selector, 0));
        ledger.clear(0, 10);
    }

    function test_clear_repaidEarlyFreezesTheVoucherUntilMaturity() public {
        _repay(slot);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotActive.selector, slot, IVoucherLedger.VoucherStatus.Repaid)
        );
        ledger.split(ids[0], supplier2, MIN_UNIT);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotMatured.selector, slot, maturity, block.timestamp)
        );
        ledger.claim(ids[0]);
    }

    function test_clear_skipsMergedAndEmptyTokens() public {
        uint256 a = _split(supplier2, ids[1], supplier3, 1_000_000 * YUAN);
        vm.prank(supplier3);
        ledger.merge(ids[2], a); // ids[2] merged into a
        _split(supplier, ids[0], supplier2, 6_000_000 * YUAN); // ids[0] now holds 0
        _repay(slot);
        vm.warp(maturity);
        vm.prank(operator);
        (uint256 paid, bool done) = ledger.clear(slot, 100);
        _assertEq(paid, 4, "paid: supplier2 twice, supplier3, distributor");
        _assertTrue(done, "done");
        _assertEq(uint256(_status(ids[0])), uint256(IVoucherLedger.TokenStatus.Live), "empty token untouched");
        _assertEq(uint256(_status(ids[2])), uint256(IVoucherLedger.TokenStatus.Merged), "merged untouched");
        _assertEq(ecny.balanceOf(supplier2), 7_000_000 * YUAN, "supplier2");
        _assertEq(ecny.balanceOf(supplier3), 2_000_000 * YUAN, "supplier3");
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Cleared), "cleared");
    }

    function test_clear_paysAPledgedTokenToItsHolderAndThePledgeLapses() public {
        vm.prank(supplier2);
        ledger.pledge(ids[1], bank);
        _repay(slot);
        vm.warp(maturity);
        vmv.expectEmit(true, true, false, false, address(ledger));
        emit IVoucherLedger.VoucherPledgeReleased(ids[1], bank);
        vm.prank(operator);
        ledger.clear(slot, 100);
        _assertEq(ecny.balanceOf(supplier2), values[1], "holder paid");
        _assertEqAddr(ledger.tokenOf(ids[1]).pledgee, address(0), "pledge lapsed");
    }

    function test_clear_frozenTokenWaitsThenIsClaimedAfterUnfreeze() public {
        vm.prank(operator);
        ledger.freezeToken(ids[2]);
        _repay(slot);
        vm.warp(maturity);
        vm.prank(operator);
        (uint256 paid, bool done) = ledger.clear(slot, 100);
        _assertEq(paid, 3, "three paid");
        _assertTrue(done, "cursor at the end");
        _assertEq(uint256(_status(ids[2])), uint256(IVoucherLedger.TokenStatus.Frozen), "still frozen");
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Repaid), "not cleared");
        vm.prank(operator);
        (paid, done) = ledger.clear(slot, 100);
        _assertEq(paid, 0, "nothing more");
        _assertTrue(done, "still done");
        vm.prank(supplier3);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherTokenNotClaimable.selector,
                ids[2],
                IVoucherLedger.TokenStatus.Frozen
            )
        );
        ledger.claim(ids[2]);
        vm.prank(operator);
        ledger.unfreezeToken(ids[2]);
        vm.prank(supplier3);
        _assertEq(ledger.claim(ids[2]), values[2], "claimed");
        _assertEq(ecny.balanceOf(supplier3), values[2], "paid");
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Cleared), "cleared");
    }

    function test_clear_skipsAFrozenWalletWhichClaimsAfterUnfreeze() public {
        vm.prank(bank);
        ecny.freeze(supplier2);
        _repay(slot);
        vm.warp(maturity);
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IVoucherLedger.VoucherTokenUnclaimed(ids[1], supplier2, values[1]);
        vm.prank(operator);
        (uint256 paid, ) = ledger.clear(slot, 100);
        _assertEq(paid, 3, "others paid");
        _assertEq(uint256(_status(ids[1])), uint256(IVoucherLedger.TokenStatus.Unclaimed), "unclaimed");
        _assertEq(ledger.voucherOf(slot).cleared, FACE - values[1], "cleared without it");
        _assertEq(ecny.balanceOf(address(ledger)), values[1], "kept for the claim");
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYWalletFrozen.selector, supplier2));
        ledger.claim(ids[1]);
        vm.prank(bank);
        ecny.unfreeze(supplier2);
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IVoucherLedger.VoucherTokenPaid(ids[1], supplier2, values[1]);
        vm.prank(logistics); // any member may claim for the holder; the money goes to the holder
        ledger.claim(ids[1]);
        _assertEq(ecny.balanceOf(supplier2), values[1], "paid");
        _assertEq(ecny.balanceOf(logistics), 0, "nothing to the caller");
        _assertEq(ecny.balanceOf(address(ledger)), 0, "ledger empty");
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherTokenNotClaimable.selector,
                ids[1],
                IVoucherLedger.TokenStatus.Cleared
            )
        );
        ledger.claim(ids[1]);
    }

    function test_clear_skipsASuspendedMemberWhoClaimsAfterReinstatement() public {
        vm.prank(operator);
        consortium.suspend(supplier3);
        _repay(slot);
        vm.warp(maturity);
        vm.prank(operator);
        ledger.clear(slot, 100);
        _assertEq(uint256(_status(ids[2])), uint256(IVoucherLedger.TokenStatus.Unclaimed), "unclaimed");
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier3, IConsortium.Status.Suspended)
        );
        ledger.claim(ids[2]);
        vm.prank(operator);
        consortium.reinstate(supplier3);
        vm.prank(supplier3);
        ledger.claim(ids[2]);
        _assertEq(ecny.balanceOf(supplier3), values[2], "paid");
    }

    function test_clear_memberWithoutWalletStaysUnclaimed() public {
        uint256 a = _split(supplier, ids[0], appraiser, MIN_UNIT);
        _repay(slot);
        vm.warp(maturity);
        vm.prank(operator);
        ledger.clear(slot, 100);
        _assertEq(uint256(_status(a)), uint256(IVoucherLedger.TokenStatus.Unclaimed), "unclaimed");
        vm.prank(appraiser);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYNoWallet.selector, appraiser));
        ledger.claim(a);
    }

    function test_clear_balanceCapSkipsAndClaimWaitsForRoom() public {
        uint256 a = _split(supplier, ids[0], farmer, 600_000 * YUAN); // a verified wallet holds ≤ ¥500,000
        _repay(slot);
        vm.warp(maturity);
        vm.prank(operator);
        ledger.clear(slot, 100);
        _assertEq(uint256(_status(a)), uint256(IVoucherLedger.TokenStatus.Unclaimed), "unclaimed");
        vm.prank(farmer);
        vm.expectRevert(
            abi.encodeWithSelector(IECNY.ECNYBalanceCapExceeded.selector, farmer, 500_000 * YUAN, 0, 600_000 * YUAN)
        );
        ledger.claim(a);
    }

    // ───────────────────────────── claim ─────────────────────────────

    function test_claim_paysAheadOfTheCursorAndClearSkipsIt() public {
        _repay(slot);
        vm.warp(maturity);
        vm.prank(distributor);
        _assertEq(ledger.claim(ids[3]), values[3], "claimed");
        vm.prank(operator);
        (uint256 paid, bool done) = ledger.clear(slot, 100);
        _assertEq(paid, 3, "the other three");
        _assertTrue(done, "done");
        _assertEq(ecny.balanceOf(distributor), values[3], "paid once");
        _assertEq(ledger.voucherOf(slot).cleared, FACE, "cleared");
    }

    function test_claim_reverts() public {
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotRepaid.selector, slot, IVoucherLedger.VoucherStatus.Active)
        );
        ledger.claim(ids[0]);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, _tid(slot, 9)));
        ledger.claim(_tid(slot, 9));
        uint256 a = _split(supplier2, ids[1], supplier3, 2_000_000 * YUAN); // ids[1] now holds 0
        vm.prank(supplier3);
        ledger.merge(ids[2], a);
        _repay(slot);
        vm.warp(maturity);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherZeroValue.selector));
        ledger.claim(ids[1]);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherTokenNotClaimable.selector,
                ids[2],
                IVoucherLedger.TokenStatus.Merged
            )
        );
        ledger.claim(ids[2]);
    }

    // ───────────────────────────── overdue and default ─────────────────────────────

    function test_declareDefault_afterTheGracePeriod() public {
        uint256 graceEnd = maturity + 30 days;
        vm.warp(graceEnd - 1);
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Overdue), "overdue");
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherGracePeriodNotOver.selector, slot, graceEnd, graceEnd - 1)
        );
        ledger.declareDefault(slot);
        vm.warp(graceEnd);
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IVoucherLedger.VoucherDefaulted(slot, core, FACE, logistics);
        vm.prank(logistics); // any member may declare it: it only records what is already true
        ledger.declareDefault(slot);
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(slot);
        _assertEq(uint256(v.status), uint256(IVoucherLedger.VoucherStatus.Defaulted), "defaulted");
        _assertEq(v.defaultedAt, graceEnd, "defaultedAt");
        _assertEq(ledger.outstandingOf(core), FACE, "still owed");
        vm.prank(supplier2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherNotActive.selector,
                slot,
                IVoucherLedger.VoucherStatus.Defaulted
            )
        );
        ledger.declareDefault(slot);
    }

    function test_declareDefault_revertsOnceRepaid() public {
        _repay(slot);
        vm.warp(maturity + 60 days);
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotActive.selector, slot, IVoucherLedger.VoucherStatus.Repaid)
        );
        ledger.declareDefault(slot);
    }

    // ───────────────────────────── who may clear, claim and declare a default ─────────────────────────────

    /// @dev The regulator reads everything and changes nothing; a non-member and a suspended member change
    /// nothing either. Each refusal happens in a state where the same call by a member then succeeds.
    function test_clearClaimAndDeclareDefault_refuseTheRegulatorAndNonMembers() public {
        (uint256 unpaid, ) = _issueAccepted(supplier2, MIN_UNIT, 180); // same maturity as `slot`, never repaid
        _repay(slot);
        vm.warp(maturity + 30 days); // `slot` clearable, `unpaid` past its grace period
        vm.prank(operator);
        consortium.suspend(merchant);
        bytes[3] memory refusals = [
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                _holderMask()
            ),
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None),
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, merchant, IConsortium.Status.Suspended)
        ];
        address[3] memory callers = [regulator, outsider, merchant];
        for (uint256 i; i < callers.length; ++i) {
            vm.startPrank(callers[i]);
            vm.expectRevert(refusals[i]);
            ledger.clear(slot, 10);
            vm.expectRevert(refusals[i]);
            ledger.claim(ids[0]);
            vm.expectRevert(refusals[i]);
            ledger.declareDefault(unpaid);
            vm.stopPrank();
        }
        // nothing changed
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(slot);
        _assertEq(uint256(v.status), uint256(IVoucherLedger.VoucherStatus.Repaid), "still repaid");
        _assertEq(v.cleared, 0, "nothing cleared");
        _assertEq(v.clearCursor, 0, "cursor unmoved");
        _assertEq(uint256(_status(ids[0])), uint256(IVoucherLedger.TokenStatus.Live), "token not paid");
        _assertEq(ecny.balanceOf(address(ledger)), FACE, "money still in the ledger");
        _assertEq(uint256(ledger.voucherOf(unpaid).status), uint256(IVoucherLedger.VoucherStatus.Overdue), "overdue");
        // the same calls by members succeed
        vm.prank(distributor);
        ledger.declareDefault(unpaid);
        _assertEq(
            uint256(ledger.voucherOf(unpaid).status),
            uint256(IVoucherLedger.VoucherStatus.Defaulted),
            "defaulted by a member"
        );
        vm.prank(supplier2);
        _assertEq(ledger.claim(ids[0]), values[0], "claimed by a member for the holder");
        _assertEq(ecny.balanceOf(supplier), values[0], "the holder is paid");
        vm.prank(operator);
        (uint256 paid, bool done) = ledger.clear(slot, 10);
        _assertEq(paid, 3, "the other three cleared");
        _assertTrue(done, "done");
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Cleared), "cleared");
    }

    // ───────────────────────────── caps interplay (fuzz) ─────────────────────────────

    /// @dev Random holders have a frozen wallet or a suspended membership at clearing; clearing pays the
    /// others in random pages, the blocked ones claim once unblocked; everyone is paid exactly once.
    function testFuzz_clear_capsInterplay(uint256 seed, uint256 pageSize) public {
        pageSize = _bound(pageSize, 1, 5);
        bool[4] memory frozen;
        bool[4] memory suspended;
        for (uint256 i; i < 4; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i))) % 3;
            if (r == 1) {
                frozen[i] = true;
                vm.prank(bank);
                ecny.freeze(holders[i]);
            } else if (r == 2) {
                suspended[i] = true;
                vm.prank(operator);
                consortium.suspend(holders[i]);
            }
        }
        _repay(slot);
        vm.warp(maturity + (seed % 90) * 1 days);
        bool done;
        uint256 pages;
        while (!done) {
            vm.prank(operator);
            (, done) = ledger.clear(slot, pageSize);
            ++pages;
        }
        _assertEq(pages, (4 + pageSize - 1) / pageSize, "pages");
        for (uint256 i; i < 4; ++i) {
            bool blocked = frozen[i] || suspended[i];
            _assertEq(ecny.balanceOf(holders[i]), blocked ? 0 : values[i], "paid unless blocked");
            _assertEq(
                uint256(_status(ids[i])),
                uint256(blocked ? IVoucherLedger.TokenStatus.Unclaimed : IVoucherLedger.TokenStatus.Cleared),
                "status"
            );
            if (frozen[i]) {
                vm.prank(bank);
                ecny.unfreeze(holders[i]);
            }
            if (suspended[i]) {
                vm.prank(operator);
                consortium.reinstate(holders[i]);
            }
            if (blocked) {
                vm.prank(operator); // any member claims for the holder; the money goes to the holder
                ledger.claim(ids[i]);
            }
            _assertEq(ecny.balanceOf(holders[i]), values[i], "paid exactly once");
        }
        _assertEq(ledger.voucherOf(slot).cleared, FACE, "sum paid == face");
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Cleared), "cleared");
        _assertEq(ecny.balanceOf(address(ledger)), 0, "ledger empty");
    }
}
