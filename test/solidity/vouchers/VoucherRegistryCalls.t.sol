// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {VoucherFixture, vmv} from "./VoucherFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";

/// @notice Calls to the consortium registry on the voucher contracts' hot paths. An external call frame is
/// the dearest step of a transaction on the simulator's chain, so each of these transactions asks the
/// registry once (`context`: its members and the project time) and checks what it returned. Each test makes
/// the measured transaction last: the expectations count every call from the cheatcode to the end of the test.
/// e-CNY's own calls (a payment asks the registry once more; a clearing page once per member holder) are
/// counted where a voucher transaction pays, and named so.
contract VoucherRegistryCallsTest is VoucherFixture {
    uint256 internal constant PIECE = 1_000_000 * YUAN;

    uint256 internal slot;
    uint256 internal t1;

    function setUp() public {
        _deployVouchers();
        (slot, t1) = _issueAccepted(supplier, FACE, 180);
    }

    /// @dev Expects `contextCalls` calls of `context`, `timeCalls` of `currentTime`, `statusCalls` of
    /// `statusOf` and none of the registry's other views.
    function _expectRegistryCalls(uint64 contextCalls, uint64 timeCalls, uint64 statusCalls) internal {
        address c = address(consortium);
        vmv.expectCall(c, abi.encodeWithSelector(IConsortium.context.selector), contextCalls);
        vmv.expectCall(c, abi.encodeWithSelector(IConsortium.currentTime.selector), timeCalls);
        vmv.expectCall(c, abi.encodeWithSelector(IConsortium.statusOf.selector), statusCalls);
        vmv.expectCall(c, abi.encodeWithSelector(IConsortium.memberOf.selector), 0);
        vmv.expectCall(c, abi.encodeWithSelector(IConsortium.roleOf.selector), 0);
        vmv.expectCall(c, abi.encodeWithSelector(IConsortium.isActive.selector), 0);
        vmv.expectCall(c, abi.encodeWithSelector(IConsortium.isSystemContract.selector), 0);
    }

    /// @dev Exactly one call to the registry, of `context`.
    function _expectOneCall() internal {
        _expectRegistryCalls(1, 0, 0);
    }

    // ───────────────────────────── issuance ─────────────────────────────

    function test_issue_asksTheRegistryOnce() public {
        bytes32 trade = _trade();
        uint256 maturity = block.timestamp + 90 days;
        _expectOneCall();
        vm.prank(core);
        ledger.issue(supplier2, FACE, maturity, trade);
    }

    function test_acceptIssuance_asksTheRegistryOnce() public {
        uint256 pending = _issue(supplier2, FACE, 90);
        _expectOneCall();
        vm.prank(supplier2);
        ledger.acceptIssuance(pending);
    }

    // ───────────────────────────── moves ─────────────────────────────

    function test_split_asksTheRegistryOnce() public {
        _expectOneCall();
        vm.prank(supplier);
        ledger.split(t1, supplier2, PIECE);
    }

    /// @dev The account acting for the owner is checked in the same call as the owner and the receiver.
    function test_splitByAnApprovedMember_asksTheRegistryOnce() public {
        vm.prank(supplier);
        ledger.approve(t1, merchant, PIECE);
        _expectOneCall();
        vm.prank(merchant);
        ledger.split(t1, supplier2, PIECE);
    }

    function test_transferFromToAddress_asksTheRegistryOnce() public {
        _expectOneCall();
        vm.prank(supplier);
        ledger.transferFrom(t1, supplier2, PIECE);
    }

    function test_transferFromToToken_asksTheRegistryOnce() public {
        uint256 t2 = _split(supplier, t1, supplier2, PIECE);
        _expectOneCall();
        vm.prank(supplier);
        ledger.transferFrom(t1, t2, PIECE);
    }

    function test_erc721Transfer_asksTheRegistryOnce() public {
        _expectOneCall();
        vm.prank(supplier);
        ledger.safeTransferFrom(supplier, supplier2, t1);
    }

    function test_offerAndAccept_askTheRegistryOnceEach() public {
        vm.prank(operator);
        ledger.setRules(183, MIN_UNIT, true, 30);
        (, uint256 t) = _issueAccepted(supplier, FACE, 90);
        vm.prank(supplier);
        uint256 offerId = ledger.offerTransfer(t, supplier2, PIECE);
        _expectOneCall();
        vm.prank(supplier2);
        ledger.acceptOffer(offerId);
    }

    function test_offerTransfer_asksTheRegistryOnce() public {
        _expectOneCall();
        vm.prank(supplier);
        ledger.offerTransfer(t1, supplier2, PIECE);
    }

    function test_merge_asksTheRegistryOnce() public {
        uint256 t2 = _split(supplier, t1, supplier2, PIECE);
        vm.prank(supplier2);
        uint256 t3 = ledger.split(t2, supplier, PIECE);
        _expectOneCall();
        vm.prank(supplier);
        ledger.merge(t3, t1);
    }

    function test_pledge_asksTheRegistryOnce() public {
        _expectOneCall();
        vm.prank(supplier);
        ledger.pledge(t1, bank);
    }

    // ───────────────────────────── financing ─────────────────────────────

    function test_requestFinancing_asksTheRegistryOnce() public {
        _expectOneCall();
        vm.prank(supplier);
        financing.requestFinancing(t1, PIECE, bank, 365, true);
    }

    /// @dev The ledger's one call, and e-CNY's one for paying the proceeds.
    function test_approveFinancing_asksTheRegistryOncePlusThePayment() public {
        _fund(bank, FACE);
        vm.prank(supplier);
        uint256 requestId = financing.requestFinancing(t1, PIECE, bank, 365, true);
        _expectRegistryCalls(2, 0, 0);
        vm.prank(bank);
        financing.approveFinancing(requestId);
    }

    // ───────────────────────────── repayment and clearing ─────────────────────────────

    /// @dev The ledger reads the time only; e-CNY asks once for the payment.
    function test_repay_readsTheTimeOncePlusThePayment() public {
        _fund(core, FACE);
        _expectRegistryCalls(1, 1, 0);
        vm.prank(core);
        ledger.repay(slot);
    }

    /// @dev The ledger's one call; e-CNY's `distribute` asks the status of each member it pays (2 here).
    function test_clear_asksTheRegistryOncePlusEachPayee() public {
        _split(supplier, t1, supplier2, PIECE);
        _repay(slot);
        vm.warp(_maturity(slot));
        _expectRegistryCalls(1, 0, 2);
        vm.prank(supplier);
        ledger.clear(slot, 10);
    }

    /// @dev The ledger's one call, and e-CNY's one for the payment.
    function test_claim_asksTheRegistryOncePlusThePayment() public {
        _repay(slot);
        vm.warp(_maturity(slot));
        _expectRegistryCalls(2, 0, 0);
        vm.prank(supplier2);
        ledger.claim(t1);
    }

    function test_declareDefault_asksTheRegistryOnce() public {
        vm.warp(_maturity(slot) + 30 days);
        _expectOneCall();
        vm.prank(supplier2);
        ledger.declareDefault(slot);
    }
}
