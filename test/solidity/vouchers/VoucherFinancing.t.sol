// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {VoucherFixture, vmv} from "./VoucherFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";
import {IVoucherLedger} from "../../../contracts/interfaces/IVoucherLedger.sol";
import {IVoucherFinancing} from "../../../contracts/interfaces/IVoucherFinancing.sol";

/// @notice Financing (discounting at a bank), its refusals, and recourse after a default.
contract VoucherFinancingTest is VoucherFixture {
    uint256 internal constant PIECE = 5_000_000 * YUAN;
    uint256 internal constant RATE = 365; // bps a year: 1 bp a day

    uint256 internal slot;
    uint256 internal t1;
    uint256 internal maturity;

    function setUp() public {
        _deployVouchers();
        (slot, t1) = _issueAccepted(supplier, FACE, 180);
        maturity = _maturity(slot);
        _fund(bank, FACE);
        _fund(microLender, FACE);
    }

    function _request(uint256 value, address financier, bool recourse) internal returns (uint256) {
        vm.prank(supplier);
        return financing.requestFinancing(t1, value, financier, RATE, recourse);
    }

    function _finance(uint256 value, bool recourse) internal returns (uint256 newTokenId) {
        uint256 requestId = _request(value, bank, recourse);
        vm.prank(bank);
        newTokenId = financing.approveFinancing(requestId);
    }

    // ───────────────────────────── financing ─────────────────────────────

    function test_approveFinancing_paysProceedsAndGivesTheFinancierAToken() public {
        vm.warp(maturity - 90 days);
        vmv.expectEmit(true, true, true, true, address(financing));
        emit IVoucherFinancing.VoucherFinancingRequested(1, t1, bank, supplier, PIECE, RATE, true);
        uint256 requestId = _request(PIECE, bank, true);
        _assertEq(financing.financingRequestOf(requestId).newTokenId, 0, "an open request has no token yet");
        uint256 newId = _tid(slot, 2);
        vmv.expectEmit(true, true, true, true, address(ledger));
        emit IVoucherLedger.VoucherSplit(slot, t1, newId, supplier, bank, PIECE, 1);
        vmv.expectEmit(true, true, true, true, address(financing));
        emit IVoucherFinancing.VoucherFinanced(
            requestId,
            slot,
            t1,
            newId,
            supplier,
            bank,
            PIECE,
            45_000 * YUAN,
            RATE,
            90,
            true
        );
        vm.prank(bank);
        _assertEq(financing.approveFinancing(requestId), newId, "new token");

        _assertEq(ecny.balanceOf(supplier), 4_955_000 * YUAN, "proceeds");
        _assertEq(ecny.balanceOf(bank), FACE - 4_955_000 * YUAN, "bank paid");
        IVoucherLedger.TokenView memory t = ledger.tokenOf(newId);
        _assertEqAddr(t.owner, bank, "owner");
        _assertEq(t.value, PIECE, "value");
        _assertEq(t.tier, 1, "a bank's piece keeps the parent tier");
        _assertEq(t.parentTokenId, t1, "parent");
        _assertEq(_value(t1), FACE - PIECE, "rest");

        IVoucherFinancing.Financing memory f = financing.financingOf(newId);
        _assertEqAddr(f.seller, supplier, "seller");
        _assertEqAddr(f.financier, bank, "financier");
        _assertTrue(f.recourse, "recourse");
        _assertEq(f.rateBps, RATE, "rate");
        _assertEq(f.value, PIECE, "record value");
        _assertEq(f.discount, 45_000 * YUAN, "discount");
        _assertEq(f.days_, 90, "days");
        _assertEq(f.financedAt, block.timestamp, "financedAt");
        _assertEq(f.requestId, requestId, "request");
        IVoucherFinancing.FinancingRequest memory r = financing.financingRequestOf(requestId);
        _assertEq(uint256(r.status), uint256(IVoucherFinancing.RequestStatus.Approved), "approved");
        _assertEq(r.newTokenId, newId, "request token");
        _assertEq(r.tokenId, t1, "request's financed token");
        _assertEq(financing.requestCount(), 1, "count");
        IVoucherFinancing.Financing memory none = financing.financingOf(t1);
        _assertEqAddr(none.financier, address(0), "a token not bought by financing has no record");
        _assertEq(none.requestId, 0, "no request");
    }

    function test_approveFinancing_microLenderAndAcceptanceRule() public {
        vm.prank(operator);
        ledger.setRules(183, MIN_UNIT, true, 30);
        (, uint256 id) = _issueAccepted(supplier2, 1_000_000 * YUAN, 60);
        vm.prank(supplier2);
        uint256 requestId = financing.requestFinancing(id, 500_000 * YUAN, microLender, 1_000, false);
        vm.prank(microLender);
        uint256 newId = financing.approveFinancing(requestId);
        _assertEqAddr(ledger.ownerOf(newId), microLender, "financing needs no offer");
        // 500,000 yuan × 1,000 bps × 60 days / 3,650,000 = 8,219.178… yuan → 821,918 fen (half up)
        _assertEq(ecny.balanceOf(supplier2), 500_000 * YUAN - 821_918, "proceeds");
    }

    function test_requestFinancing_reverts() public {
        vm.startPrank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherRateTooHigh.selector, 10_001, 10_000));
        financing.requestFinancing(t1, PIECE, bank, 10_001, false);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                supplier2,
                IConsortium.Role.Supplier,
                (1 << uint8(IConsortium.Role.OperatorBank)) | (1 << uint8(IConsortium.Role.MicroLender))
            )
        );
        financing.requestFinancing(t1, PIECE, supplier2, RATE, false);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherBelowMinSplitUnit.selector, slot, MIN_UNIT - 1, MIN_UNIT)
        );
        financing.requestFinancing(t1, MIN_UNIT - 1, bank, RATE, false);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherValueExceedsBalance.selector, t1, FACE, FACE + 1));
        financing.requestFinancing(t1, FACE + 1, bank, RATE, false);
        vm.stopPrank();

        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, t1, supplier, supplier2));
        financing.requestFinancing(t1, PIECE, bank, RATE, false);

        uint256 b = _split(supplier, t1, bank, PIECE);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSelfDealing.selector, bank));
        financing.requestFinancing(b, MIN_UNIT, bank, RATE, false);

        vm.prank(supplier);
        ledger.pledge(t1, bank2);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherTokenNotLive.selector, t1, IVoucherLedger.TokenStatus.Pledged)
        );
        financing.requestFinancing(t1, PIECE, bank, RATE, false);
        vm.prank(bank2);
        ledger.releasePledge(t1);

        vm.warp(maturity);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, slot, maturity, maturity));
        financing.requestFinancing(t1, PIECE, bank, RATE, false);
    }

    function test_requestFinancing_revertsForSuspendedHolderOrFinancier() public {
        vm.prank(operator);
        consortium.suspend(bank2);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, bank2, IConsortium.Status.Suspended)
        );
        financing.requestFinancing(t1, PIECE, bank2, RATE, false);
        vm.prank(operator);
        consortium.suspend(supplier);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier, IConsortium.Status.Suspended)
        );
        financing.requestFinancing(t1, PIECE, bank, RATE, false);
    }

    function test_approveFinancing_reverts() public {
        uint256 requestId = _request(PIECE, bank, false);
        vm.prank(bank2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherNotFinancier.selector, bank2, bank));
        financing.approveFinancing(requestId);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherUnknownFinancingRequest.selector, 9));
        financing.approveFinancing(9);

        // the token changed since the request: re-checked at approval
        _split(supplier, t1, supplier2, FACE - PIECE + MIN_UNIT);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherValueExceedsBalance.selector, t1, PIECE - MIN_UNIT, PIECE)
        );
        financing.approveFinancing(requestId);

        uint256 small = _request(MIN_UNIT, bank, false);
        vm.prank(supplier);
        ledger.transferFrom(supplier, supplier3, t1);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, t1, supplier3, supplier));
        financing.approveFinancing(small);
        vm.prank(supplier3);
        ledger.transferFrom(supplier3, supplier, t1);

        // a financier without the money
        vm.prank(supplier);
        uint256 poor = financing.requestFinancing(t1, MIN_UNIT, bank2, 0, false);
        vm.prank(bank2);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInsufficientBalance.selector, bank2, 0, MIN_UNIT));
        financing.approveFinancing(poor);

        // a suspended financier
        vm.prank(operator);
        consortium.suspend(bank);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, bank, IConsortium.Status.Suspended)
        );
        financing.approveFinancing(small);
        vm.prank(operator);
        consortium.reinstate(bank);

        vm.warp(maturity);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, slot, maturity, maturity));
        financing.approveFinancing(small);

        // the financier is refused before the token is looked at (the ledger's hook checks it first)
        vm.prank(operator);
        consortium.suspend(bank);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, bank, IConsortium.Status.Suspended)
        );
        financing.approveFinancing(small);
    }

    /// @dev Found by the API's authorization matrix: a suspended member still rejected or cancelled requests.
    function test_rejectAndCancel_revertForASuspendedMember() public {
        uint256 a = _request(PIECE, bank, false);
        vm.prank(operator);
        consortium.suspend(bank);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, bank, IConsortium.Status.Suspended)
        );
        financing.rejectFinancing(a);
        vm.prank(operator);
        consortium.suspend(supplier);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier, IConsortium.Status.Suspended)
        );
        financing.cancelFinancingRequest(a);
    }

    function test_rejectAndCancel() public {
        uint256 a = _request(PIECE, bank, false);
        uint256 b = _request(PIECE, bank, false);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherNotFinancier.selector, supplier, bank));
        financing.rejectFinancing(a);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherNotRequester.selector, b, bank, supplier));
        financing.cancelFinancingRequest(b);
        vmv.expectEmit(true, true, false, false, address(financing));
        emit IVoucherFinancing.VoucherFinancingRejected(a, bank);
        vm.prank(bank);
        financing.rejectFinancing(a);
        vmv.expectEmit(true, true, false, false, address(financing));
        emit IVoucherFinancing.VoucherFinancingCancelled(b, supplier);
        vm.prank(supplier);
        financing.cancelFinancingRequest(b);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherFinancing.VoucherFinancingRequestNotOpen.selector,
                a,
                IVoucherFinancing.RequestStatus.Rejected
            )
        );
        financing.approveFinancing(a);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherFinancing.VoucherFinancingRequestNotOpen.selector,
                b,
                IVoucherFinancing.RequestStatus.Cancelled
            )
        );
        financing.approveFinancing(b);
        _assertEq(ecny.balanceOf(supplier), 0, "no money moved");
    }

    function test_regulatorAndOutsider_changeNothing() public {
        uint256 requestId = _request(PIECE, bank, true);
        address[2] memory who = [regulator, outsider];
        for (uint256 i; i < who.length; ++i) {
            vm.startPrank(who[i]);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, t1, supplier, who[i]));
            financing.requestFinancing(t1, PIECE, bank, RATE, false);
            vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherNotFinancier.selector, who[i], bank));
            financing.approveFinancing(requestId);
            vm.expectRevert(
                _notMemberOr(
                    who[i],
                    abi.encodeWithSelector(IVoucherFinancing.VoucherNotFinancier.selector, who[i], bank)
                )
            );
            financing.rejectFinancing(requestId);
            vm.expectRevert(
                _notMemberOr(
                    who[i],
                    abi.encodeWithSelector(IVoucherFinancing.VoucherNotRequester.selector, requestId, who[i], supplier)
                )
            );
            financing.cancelFinancingRequest(requestId);
            vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherNotFinanced.selector, t1));
            financing.exerciseRecourse(t1);
            vm.stopPrank();
        }
    }

    // ───────────────────────────── discount rule ─────────────────────────────

    function test_discount_storyFigures() public view {
        _assertEq(financing.discountFor(PIECE, RATE, 90), 45_000 * YUAN, "45,000 yuan");
        (uint256 d, uint256 days_) = financing.quoteDiscount(PIECE, RATE, block.timestamp + 89 days + 1);
        _assertEq(days_, 90, "days round up");
        _assertEq(d, 45_000 * YUAN, "same discount");
        (, days_) = financing.quoteDiscount(PIECE, RATE, block.timestamp);
        _assertEq(days_, 0, "no days at maturity");
        // half up: 1 fen × 1825000 / 3650000 = 0.5 → 1; just below half → 0
        _assertEq(financing.discountFor(1, 5_000, 365), 1, "half rounds up");
        _assertEq(financing.discountFor(1, 4_999, 365), 0, "below half rounds down");
    }

    function testFuzz_discount(uint256 value, uint256 rateBps, uint256 daysBefore, uint256 extraSeconds) public {
        value = _bound(value, MIN_UNIT, FACE);
        rateBps = _bound(rateBps, 0, 10_000);
        daysBefore = _bound(daysBefore, 0, 179);
        extraSeconds = _bound(extraSeconds, 1, 1 days);
        uint256 start = maturity - daysBefore * 1 days - extraSeconds; // 1 s … 180 days before maturity
        vm.warp(start);
        uint256 days_ = daysBefore + 1; // ceil
        uint256 expected = (value * rateBps * days_ + 1_825_000) / 3_650_000;
        _assertEq(financing.discountFor(value, rateBps, days_), expected, "discountFor");
        vm.prank(supplier);
        uint256 requestId = financing.requestFinancing(t1, value, bank, rateBps, false);
        vm.prank(bank);
        uint256 newId = financing.approveFinancing(requestId);
        _assertEq(ecny.balanceOf(supplier), value - expected, "proceeds");
        _assertEq(financing.financingOf(newId).discount, expected, "record");
        _assertEq(financing.financingOf(newId).days_, days_, "days");
        _assertEq(_value(newId), value, "token value");
    }

    // ───────────────────────────── recourse ─────────────────────────────

    function test_exerciseRecourse_sellerPaysAndTakesTheTokenBack() public {
        vm.warp(maturity - 90 days);
        uint256 newId = _finance(PIECE, true);
        uint256 bankBefore = ecny.balanceOf(bank);
        _fund(supplier, 1_000_000 * YUAN); // the seller now has 4,955,000 + 1,000,000 yuan
        vm.warp(maturity + 30 days);
        vm.prank(supplier2);
        ledger.declareDefault(slot);
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IERC721Transfer.Transfer(bank, supplier, newId);
        vmv.expectEmit(true, true, true, true, address(financing));
        emit IVoucherFinancing.VoucherRecourseExercised(newId, supplier, bank, PIECE);
        vm.prank(bank);
        financing.exerciseRecourse(newId);
        _assertEqAddr(ledger.ownerOf(newId), supplier, "back to the seller");
        _assertEq(ecny.balanceOf(bank), bankBefore + PIECE, "financier repaid by the seller");
        _assertEq(ecny.balanceOf(supplier), 4_955_000 * YUAN + 1_000_000 * YUAN - PIECE, "seller paid");
        _assertTrue(financing.financingOf(newId).recourseExercised, "recorded");
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherRecourseAlreadyExercised.selector, newId));
        financing.exerciseRecourse(newId);
        // the payer repays late: the seller, now holding both pieces, is cleared
        _repay(slot);
        vm.prank(operator);
        ledger.clear(slot, 10);
        _assertEq(ecny.balanceOf(supplier), 4_955_000 * YUAN + 1_000_000 * YUAN - PIECE + FACE, "seller cleared");
    }

    function test_exerciseRecourse_reverts() public {
        vm.warp(maturity - 90 days);
        uint256 withRecourse = _finance(PIECE, true);
        uint256 without = _finance(MIN_UNIT, false);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherNotDefaulted.selector,
                slot,
                IVoucherLedger.VoucherStatus.Active
            )
        );
        financing.exerciseRecourse(withRecourse);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherWithoutRecourse.selector, without));
        financing.exerciseRecourse(without);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherNotFinancier.selector, supplier, bank));
        financing.exerciseRecourse(withRecourse);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherFinancing.VoucherNotFinanced.selector, t1));
        financing.exerciseRecourse(t1);
        // the bank sold its piece on: it no longer holds the claim
        vm.prank(bank);
        ledger.transferFrom(bank, bank2, withRecourse);
        vm.warp(maturity + 30 days);
        vm.prank(operator);
        ledger.declareDefault(slot);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, withRecourse, bank2, bank));
        financing.exerciseRecourse(withRecourse);
    }

    function test_exerciseRecourse_revertsWhenTheSellerCannotPayOrTheVoucherIsRepaid() public {
        vm.warp(maturity - 90 days);
        uint256 newId = _finance(PIECE, true);
        vm.prank(supplier);
        ecny.transfer(supplier2, 4_955_000 * YUAN); // the seller spent the proceeds
        vm.warp(maturity + 30 days);
        vm.prank(supplier2);
        ledger.declareDefault(slot);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IECNY.ECNYInsufficientBalance.selector, supplier, 0, PIECE));
        financing.exerciseRecourse(newId);
        _repay(slot);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherNotDefaulted.selector,
                slot,
                IVoucherLedger.VoucherStatus.Repaid
            )
        );
        financing.exerciseRecourse(newId);
    }

    function test_ledgerHooks_onlyTheModule() public {
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotFinancingModule.selector, bank));
        ledger.financeSplit(t1, supplier, bank, PIECE);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotFinancingModule.selector, bank));
        ledger.recourseTransfer(t1, supplier, bank);
        _assertEq(ledger.checkFinancing(t1, supplier, bank, PIECE), maturity, "check passes");
        // the check is open to anyone and refuses what a request would
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSelfDealing.selector, supplier));
        ledger.checkFinancing(t1, supplier, supplier, PIECE);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                supplier2,
                IConsortium.Role.Supplier,
                (1 << uint8(IConsortium.Role.OperatorBank)) | (1 << uint8(IConsortium.Role.MicroLender))
            )
        );
        ledger.checkFinancing(t1, supplier, supplier2, PIECE);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, t1, supplier, supplier2));
        ledger.checkFinancing(t1, supplier2, bank, PIECE);
    }
}

/// @dev The ERC-721 Transfer event, for expectEmit.
interface IERC721Transfer {
    event Transfer(address indexed from, address indexed to, uint256 indexed tokenId);
}
