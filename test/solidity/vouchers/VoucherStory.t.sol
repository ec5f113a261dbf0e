// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {VoucherFixture} from "./VoucherFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IVoucherLedger} from "../../../contracts/interfaces/IVoucherLedger.sol";

/// @notice The Tangshan story end to end: credit flows down three tiers, the mill discounts part at the
/// bank, and at maturity one repayment is cleared to every holder to the fen.
contract VoucherStoryTest is VoucherFixture {
    address internal steelGroup; // the core enterprise, ¥20,000,000 line at `bank`
    address internal rollingMill;
    address internal scrapRecycler;
    address internal collector;

    function setUp() public {
        _deployVouchers();
        steelGroup = core;
        rollingMill = supplier;
        scrapRecycler = supplier2;
        collector = supplier3;
    }

    function test_story_steelChainFromIssuanceToClearing() public {
        _assertEq(ledger.creditLineOf(steelGroup).limit, 20_000_000 * YUAN, "line");

        // 确权: ¥10,000,000 to the rolling mill, 180 days
        uint256 maturity = block.timestamp + 180 days;
        vm.prank(steelGroup);
        uint256 slot = ledger.issue(rollingMill, 10_000_000 * YUAN, maturity, keccak256("contract+invoice+delivery"));
        vm.prank(rollingMill);
        uint256 millToken = ledger.acceptIssuance(slot);
        _assertEq(ledger.outstandingOf(steelGroup), 10_000_000 * YUAN, "outstanding");

        // 拆分流转: tier 2 and tier 3
        uint256 recyclerToken = _split(rollingMill, millToken, scrapRecycler, 3_000_000 * YUAN);
        uint256 collectorToken = _split(scrapRecycler, recyclerToken, collector, 1_000_000 * YUAN);

        // 融资: ¥5,000,000 at 365 bps, 90 days before maturity
        vm.warp(maturity - 90 days);
        _fund(bank, 5_000_000 * YUAN);
        vm.prank(rollingMill);
        uint256 requestId = financing.requestFinancing(millToken, 5_000_000 * YUAN, bank, 365, false);
        vm.prank(bank);
        uint256 bankToken = financing.approveFinancing(requestId);
        _assertEq(ecny.balanceOf(rollingMill), 4_955_000 * YUAN, "the mill receives exactly 4,955,000 yuan");
        _assertEq(financing.financingOf(bankToken).discount, 45_000 * YUAN, "discount 45,000 yuan");

        // 到期清分: the steel group repays once; clearing pays every holder
        vm.warp(maturity);
        _fund(steelGroup, 10_000_000 * YUAN);
        vm.prank(steelGroup);
        ledger.repay(slot);
        _assertEq(ledger.outstandingOf(steelGroup), 0, "line released");
        _assertEq(ecny.balanceOf(bank), 45_000 * YUAN, "the bank kept the discount");
        vm.prank(regulator); // the regulator reads everything and changes nothing, clearing included
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                _holderMask()
            )
        );
        ledger.clear(slot, 50);
        vm.prank(operator); // any member runs the clearing
        (uint256 paid, bool done) = ledger.clear(slot, 50);
        _assertEq(paid, 4, "four holders");
        _assertTrue(done, "done");
        _assertEq(ecny.balanceOf(rollingMill), (4_955_000 + 2_000_000) * YUAN, "mill cleared 2,000,000 yuan");
        _assertEq(ecny.balanceOf(scrapRecycler), 2_000_000 * YUAN, "recycler cleared 2,000,000 yuan");
        _assertEq(ecny.balanceOf(collector), 1_000_000 * YUAN, "collector cleared 1,000,000 yuan");
        _assertEq(ecny.balanceOf(bank), (45_000 + 5_000_000) * YUAN, "bank cleared 5,000,000 yuan");
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(slot);
        _assertEq(v.cleared, 10_000_000 * YUAN, "cleared to the fen");
        _assertEq(uint256(v.status), uint256(IVoucherLedger.VoucherStatus.Cleared), "cleared");
        _assertEq(ecny.balanceOf(address(ledger)), 0, "nothing left in the ledger");

        // 穿透: the lineage shows tiers 1, 2, 3 and the bank's piece under the mill
        IVoucherLedger.TokenView[] memory lineage = ledger.tokensOfVoucher(slot, 0, 10);
        _assertEq(lineage.length, 4, "four tokens");
        _assertEq(lineage[0].tokenId, millToken, "mill token");
        _assertEq(lineage[0].tier, 1, "mill tier 1");
        _assertEq(lineage[1].tokenId, recyclerToken, "recycler token");
        _assertEq(lineage[1].tier, 2, "recycler tier 2");
        _assertEq(lineage[1].parentTokenId, millToken, "recycler parent");
        _assertEq(lineage[2].tokenId, collectorToken, "collector token");
        _assertEq(lineage[2].tier, 3, "collector tier 3");
        _assertEq(lineage[2].parentTokenId, recyclerToken, "collector parent");
        _assertEq(lineage[3].tokenId, bankToken, "bank token");
        _assertEq(lineage[3].tier, 1, "bank piece at the mill's tier");
        _assertEq(lineage[3].parentTokenId, millToken, "bank parent");
        _assertEqAddr(lineage[3].owner, bank, "bank owns it");
    }
}
