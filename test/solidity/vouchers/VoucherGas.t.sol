// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

// solhint-disable no-console
import {console} from "hardhat/console.sol";
import {vm} from "../utils/Vm.sol";
import {VoucherFixture} from "./VoucherFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IVoucherLedger} from "../../../contracts/interfaces/IVoucherLedger.sol";
import {VoucherLedger} from "../../../contracts/vouchers/VoucherLedger.sol";
import {ReferenceERC3525} from "../../../contracts/bench/ReferenceERC3525.sol";

/// @notice Gas of a split, side by side with the ERC-3525 reference implementation. Each measured call is
/// the first call of its test (a fresh transaction), so storage and accounts start cold, as in a real
/// transaction. The figures are execution gas of the call; a transaction adds 21,000, its calldata
/// (~1,000) and saves the 2,600 of the cold ledger account (a transaction's target is warm).
contract VoucherSplitGasTest is VoucherFixture {
    /// @dev Target: at most half of the reference split as a transaction (≈ 232,000 gas).
    uint256 internal constant SPLIT_BUDGET = 116_000 - 21_000 - 1_000 + 2_600;

    ReferenceERC3525 internal ref;
    uint256 internal t1;
    uint256 internal refToken;

    function setUp() public {
        _deployVouchers();
        (, t1) = _issueAccepted(supplier, FACE, 180);
        _split(supplier, t1, supplier3, MIN_UNIT); // supplier3 already holds a token
        ref = new ReferenceERC3525();
        refToken = ref.mint(supplier, 1, FACE);
    }

    function test_gas_splitToANewMember() public {
        VoucherLedger led = ledger;
        uint256 id = t1;
        vm.prank(supplier);
        uint256 before = gasleft();
        led.split(id, supplier2, 1_000_000 * YUAN);
        uint256 used = before - gasleft();
        console.log("VoucherLedger.split to a new member (call gas):", used);
        _assertTrue(used <= SPLIT_BUDGET, "split within half of the reference");
    }

    function test_gas_splitToAnExistingHolder() public {
        VoucherLedger led = ledger;
        uint256 id = t1;
        vm.prank(supplier);
        uint256 before = gasleft();
        led.split(id, supplier3, 1_000_000 * YUAN);
        uint256 used = before - gasleft();
        console.log("VoucherLedger.split to an existing holder (call gas):", used);
        _assertTrue(used <= SPLIT_BUDGET, "split within half of the reference");
    }

    function test_gas_referenceSplitToANewTokenId() public {
        ReferenceERC3525 r = ref;
        uint256 id = refToken;
        vm.prank(supplier);
        uint256 before = gasleft();
        r.transferFrom(id, supplier2, 1_000_000 * YUAN);
        uint256 used = before - gasleft();
        console.log("ReferenceERC3525.transferFrom(id, to, value) (call gas):", used);
    }
}

/// @notice Clearing 2,000 holders in pages of 400: every page stays far below the 16,777,216 gas cap of
/// a transaction (EIP-7825), at ≤ 30,000 gas per holder.
contract VoucherClearingGasTest is VoucherFixture {
    uint256 internal constant HOLDERS = 2_000;
    uint256 internal constant PAGE = 400;
    uint256 internal constant PIECE = 1_000 * YUAN;
    uint256 internal constant TX_CAP = 16_777_216;
    uint256 internal constant PER_HOLDER_BUDGET = 30_000;

    uint256 internal slot;

    function setUp() public {
        _deployVouchers();
        uint256 t1;
        (slot, t1) = _issueAccepted(supplier, HOLDERS * PIECE, 180);
        for (uint256 i; i < HOLDERS; ++i) {
            address h = address(uint160(0x5CF0000 + i));
            vm.prank(operator);
            consortium.admit(h, IConsortium.Role.Supplier, "holder");
            vm.prank(bank);
            ecny.openCorporateWallet(h, CORP_CAP, CORP_CAP, CORP_CAP);
            vm.prank(supplier);
            ledger.split(t1, h, PIECE);
        }
        _repay(slot);
        vm.warp(_maturity(slot));
    }

    function test_gas_clearTwoThousandHoldersInPages() public {
        VoucherLedger led = ledger;
        uint256 s = slot;
        uint256 maxPage;
        bool done;
        uint256 total;
        while (!done) {
            uint256 paid;
            vm.prank(operator); // any member may run the clearing
            uint256 before = gasleft();
            (paid, done) = led.clear(s, PAGE);
            uint256 used = before - gasleft();
            if (used > maxPage) maxPage = used;
            total += paid;
        }
        // token 1 was emptied by the splits: 2,000 holders paid, 2,001 tokens examined
        _assertEq(total, HOLDERS, "every holder paid");
        _assertEq(uint256(led.voucherOf(s).status), uint256(IVoucherLedger.VoucherStatus.Cleared), "voucher cleared");
        console.log("clear: largest page of 400 (gas):", maxPage);
        console.log("clear: gas per holder in that page:", maxPage / PAGE);
        _assertTrue(maxPage < TX_CAP, "a page fits in a transaction");
        _assertTrue(maxPage / PAGE <= PER_HOLDER_BUDGET, "per holder budget");
    }
}
