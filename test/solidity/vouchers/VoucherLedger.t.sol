// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {VoucherFixture, ReceiverMock, PlainContract, VmVouchers, vmv} from "./VoucherFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IERC3525} from "../../../contracts/interfaces/IERC3525.sol";
import {IVoucherLedger} from "../../../contracts/interfaces/IVoucherLedger.sol";
import {VoucherLedger} from "../../../contracts/vouchers/VoucherLedger.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @notice Issuance, rules, credit lines, split and transfer, ERC-721/ERC-3525 surface, offers, merge,
/// pledge, freeze and views of the voucher ledger.
contract VoucherLedgerTest is VoucherFixture {
    uint256 internal slot;
    uint256 internal t1; // supplier's token 1 of `slot`, face FACE, 180 days

    function setUp() public {
        _deployVouchers();
        (slot, t1) = _issueAccepted(supplier, FACE, 180);
    }

    // ───────────────────────────── rules ─────────────────────────────

    function test_constructor_setsDefaultRules() public view {
        IVoucherLedger.Rules memory r = ledger.rules();
        _assertEq(r.maxTermDays, 183, "maxTermDays");
        _assertEq(r.minSplitUnit, 10_000, "minSplitUnit");
        _assertTrue(!r.transfersNeedAcceptance, "acceptance");
        _assertEq(r.overdueGraceDays, 30, "grace");
    }

    function test_setRules_updatesRules() public {
        vmv.expectEmit(false, false, false, true, address(ledger));
        emit IVoucherLedger.RulesSet(365, 1, true, 0, operator);
        vm.prank(operator);
        ledger.setRules(365, 1, true, 0);
        IVoucherLedger.Rules memory r = ledger.rules();
        _assertEq(r.maxTermDays, 365, "maxTermDays");
        _assertEq(r.minSplitUnit, 1, "minSplitUnit");
        _assertTrue(r.transfersNeedAcceptance, "acceptance");
    }

    function test_setRules_doesNotAlterLiveVouchers() public {
        vm.prank(operator);
        ledger.setRules(365, 1_000_000 * YUAN, true, 30);
        // the live voucher keeps ¥100 and free transfers
        _split(supplier, t1, supplier2, MIN_UNIT);
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(slot);
        _assertEq(v.minSplitUnit, MIN_UNIT, "snapshot unit");
        _assertTrue(!v.transfersNeedAcceptance, "snapshot flag");
        // a new voucher takes the new profile, with a term up to 365 days
        uint256 s2 = _issue(supplier, FACE, 365);
        _assertEq(ledger.voucherOf(s2).minSplitUnit, 1_000_000 * YUAN, "new unit");
        _assertTrue(ledger.voucherOf(s2).transfersNeedAcceptance, "new flag");
    }

    function test_setRules_revertsForInvalidProfile() public {
        uint256[4][5] memory bad = [
            [uint256(0), MIN_UNIT, 30, 0],
            [uint256(366), MIN_UNIT, 30, 0],
            [uint256(183), 0, 30, 0],
            [uint256(183), uint256(type(uint56).max) + 1, 30, 0],
            [uint256(183), MIN_UNIT, 366, 0]
        ];
        for (uint256 i; i < bad.length; ++i) {
            vm.prank(operator);
            vm.expectRevert(
                abi.encodeWithSelector(IVoucherLedger.VoucherInvalidRules.selector, bad[i][0], bad[i][1], bad[i][2])
            );
            ledger.setRules(bad[i][0], bad[i][1], false, bad[i][2]);
        }
    }

    function test_setRules_revertsForNonOperator() public {
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                bank,
                IConsortium.Role.OperatorBank,
                uint256(1 << uint8(IConsortium.Role.PlatformOperator))
            )
        );
        ledger.setRules(100, 1, false, 1);
    }

    function test_setFinancingModule_revertsWhenSetOrNotSystem() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherFinancingModuleAlreadySet.selector, address(financing))
        );
        ledger.setFinancingModule(address(0xBEEF));

        VoucherLedger fresh = new VoucherLedger(consortium, ecny);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotSystemContract.selector, address(0xBEEF)));
        fresh.setFinancingModule(address(0xBEEF));
        _assertEqAddr(ledger.financingModule(), address(financing), "module");
    }

    // ───────────────────────────── credit lines ─────────────────────────────

    function test_setCreditLine_setsLine() public {
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IVoucherLedger.CreditLineSet(supplier, bank2, 5 * YUAN);
        vm.prank(bank2);
        ledger.setCreditLine(supplier, 5 * YUAN);
        IVoucherLedger.CreditLine memory line = ledger.creditLineOf(supplier);
        _assertEqAddr(line.bank, bank2, "bank");
        _assertEq(line.limit, 5 * YUAN, "limit");
        _assertEq(line.outstanding, 0, "outstanding");
        _assertEq(ledger.creditLineOf(core).outstanding, FACE, "core outstanding");
    }

    function test_setCreditLine_revertsForNonBankOrIneligibleIssuer() public {
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                core,
                IConsortium.Role.CoreEnterprise,
                uint256(1 << uint8(IConsortium.Role.OperatorBank))
            )
        );
        ledger.setCreditLine(supplier, 1);

        uint256 issuerRoles =
            (1 << uint8(IConsortium.Role.CoreEnterprise)) |
                (1 << uint8(IConsortium.Role.Supplier)) |
                (1 << uint8(IConsortium.Role.Distributor));
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                farmer,
                IConsortium.Role.Farmer,
                issuerRoles
            )
        );
        ledger.setCreditLine(farmer, 1);

        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        ledger.setCreditLine(outsider, 1);

        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherAmountTooLarge.selector,
                uint256(type(uint96).max) + 1,
                uint256(type(uint96).max)
            )
        );
        ledger.setCreditLine(supplier, uint256(type(uint96).max) + 1);
    }

    function test_setCreditLine_revertsForAnotherBanksLine() public {
        vm.prank(bank2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotCreditLineBank.selector, core, bank, bank2));
        ledger.setCreditLine(core, 1);
    }

    function test_setCreditLine_anotherBankTakesOverAClosedLine() public {
        vm.prank(bank);
        ledger.setCreditLine(distributor, 10 * YUAN);
        vm.prank(bank);
        ledger.setCreditLine(distributor, 0);
        vm.prank(bank2);
        ledger.setCreditLine(distributor, 20 * YUAN);
        _assertEqAddr(ledger.creditLineOf(distributor).bank, bank2, "bank2");
    }

    // ───────────────────────────── issuance ─────────────────────────────

    function test_issue_createsPendingVoucher() public {
        bytes32 trade = keccak256("invoice-42");
        uint256 maturity = block.timestamp + 90 days;
        vmv.expectEmit(true, true, true, true, address(ledger));
        emit IVoucherLedger.VoucherIssued(2, core, supplier2, 5 * YUAN * 1000, maturity, trade);
        vm.prank(core);
        uint256 s = ledger.issue(supplier2, 5_000 * YUAN, maturity, trade);
        _assertEq(s, 2, "slotId");
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(s);
        _assertEqAddr(v.payer, core, "payer");
        _assertEqAddr(v.payee, supplier2, "payee");
        _assertEq(v.face, 5_000 * YUAN, "face");
        _assertEq(v.issuedAt, block.timestamp, "issuedAt");
        _assertEq(v.maturity, maturity, "maturity");
        _assertTrue(v.tradeHash == trade, "trade");
        _assertEq(uint256(v.status), uint256(IVoucherLedger.VoucherStatus.Pending), "status");
        _assertEq(v.tokenCount, 0, "tokens");
        _assertEq(ledger.voucherCount(), 2, "count");
        _assertEq(ledger.voucherOfTrade(trade), 2, "trade index");
        _assertEq(ledger.outstandingOf(core), FACE + 5_000 * YUAN, "pending counts");
    }

    function test_issue_supplierWithLineIssuesToItsSupplier() public {
        vm.prank(bank);
        ledger.setCreditLine(supplier, 1_000 * YUAN);
        vm.prank(supplier);
        uint256 s = ledger.issue(supplier2, 1_000 * YUAN, block.timestamp + 30 days, _trade());
        _assertEqAddr(ledger.voucherOf(s).payer, supplier, "payer");
    }

    function test_issue_revertsWithoutCreditLine() public {
        vm.prank(distributor);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNoCreditLine.selector, distributor));
        ledger.issue(supplier, 1, block.timestamp + 1 days, _trade());
    }

    function test_issue_revertsOverCreditLine() public {
        bytes32 trade = _trade();
        uint256 maturity = block.timestamp + 1 days;
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherCreditLineExceeded.selector, core, LINE, FACE, LINE - FACE + 1)
        );
        ledger.issue(supplier, LINE - FACE + 1, maturity, trade);
        vm.prank(core);
        ledger.issue(supplier, LINE - FACE, maturity, trade); // exactly the rest of the line
    }

    function test_issue_revertsForUsedOrZeroTradeHash() public {
        bytes32 used = ledger.voucherOf(slot).tradeHash;
        uint256 maturity = block.timestamp + 1 days;
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherTradeHashUsed.selector, used, slot));
        ledger.issue(supplier, 1, maturity, used);
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherZeroTradeHash.selector));
        ledger.issue(supplier, 1, maturity, bytes32(0));
    }

    function test_issue_revertsForBadMaturity() public {
        bytes32 trade = _trade();
        uint256 nowTime = block.timestamp;
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMaturityNotInFuture.selector, nowTime, nowTime));
        ledger.issue(supplier, 1, nowTime, trade);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherTermTooLong.selector, nowTime + 184 days, nowTime, 183)
        );
        ledger.issue(supplier, 1, nowTime + 184 days, trade);
        vm.prank(core);
        ledger.issue(supplier, 1, nowTime + 183 days, trade); // exactly the maximum term
    }

    function test_issue_revertsForBadFace() public {
        bytes32 trade = _trade();
        uint256 maturity = block.timestamp + 1 days;
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherZeroValue.selector));
        ledger.issue(supplier, 0, maturity, trade);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherAmountTooLarge.selector,
                uint256(type(uint56).max) + 1,
                uint256(type(uint56).max)
            )
        );
        ledger.issue(supplier, uint256(type(uint56).max) + 1, maturity, trade);
    }

    function test_issue_revertsForBadPayee() public {
        bytes32 trade = _trade();
        uint256 maturity = block.timestamp + 1 days;
        vm.prank(core);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSelfDealing.selector, core));
        ledger.issue(core, 1, maturity, trade);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                _holderMask()
            )
        );
        ledger.issue(regulator, 1, maturity, trade);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        ledger.issue(outsider, 1, maturity, trade);
        vm.prank(operator);
        consortium.suspend(supplier3);
        vm.prank(core);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier3, IConsortium.Status.Suspended)
        );
        ledger.issue(supplier3, 1, maturity, trade);
    }

    function test_issue_revertsForIneligibleIssuer() public {
        uint256 issuerRoles =
            (1 << uint8(IConsortium.Role.CoreEnterprise)) |
                (1 << uint8(IConsortium.Role.Supplier)) |
                (1 << uint8(IConsortium.Role.Distributor));
        bytes32 trade = _trade();
        uint256 maturity = block.timestamp + 1 days;
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                bank,
                IConsortium.Role.OperatorBank,
                issuerRoles
            )
        );
        ledger.issue(supplier, 1, maturity, trade);
    }

    function test_acceptIssuance_mintsTokenOne() public {
        uint256 s = _issue(supplier2, 1_000 * YUAN, 30);
        uint256 id = _tid(s, 1);
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IERC721.Transfer(address(0), supplier2, id);
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IERC3525.SlotChanged(id, 0, s);
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IERC3525.TransferValue(0, id, 1_000 * YUAN);
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IVoucherLedger.VoucherAccepted(s, id, supplier2);
        vm.prank(supplier2);
        _assertEq(ledger.acceptIssuance(s), id, "token id");
        IVoucherLedger.TokenView memory t = ledger.tokenOf(id);
        _assertEqAddr(t.owner, supplier2, "owner");
        _assertEq(t.value, 1_000 * YUAN, "value");
        _assertEq(t.tier, 1, "tier");
        _assertEq(t.parentTokenId, 0, "parent");
        _assertEq(uint256(t.status), uint256(IVoucherLedger.TokenStatus.Live), "live");
        _assertEq(uint256(ledger.voucherOf(s).status), uint256(IVoucherLedger.VoucherStatus.Active), "active");
        _assertEq(ledger.balanceOf(supplier2), 1, "erc721 balance");
        _assertEq(ledger.slotOf(id), s, "slot");
    }

    function test_acceptIssuance_reverts() public {
        uint256 s = _issue(supplier2, 1_000 * YUAN, 30);
        vm.prank(supplier3);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotPayee.selector, s, supplier3, supplier2));
        ledger.acceptIssuance(s);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownVoucher.selector, 99));
        ledger.acceptIssuance(99);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotPending.selector, slot, IVoucherLedger.VoucherStatus.Active)
        );
        ledger.acceptIssuance(slot);

        vm.prank(operator);
        consortium.suspend(supplier2);
        vm.prank(supplier2);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier2, IConsortium.Status.Suspended)
        );
        ledger.acceptIssuance(s);
        vm.prank(operator);
        consortium.reinstate(supplier2);

        uint256 maturity = _maturity(s);
        vm.warp(maturity);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, s, maturity, maturity));
        ledger.acceptIssuance(s);
    }

    function test_rejectIssuance_freesLineAndTradeHash() public {
        bytes32 trade = _trade();
        vm.prank(core);
        uint256 s = ledger.issue(supplier2, 1_000 * YUAN, block.timestamp + 30 days, trade);
        vmv.expectEmit(true, true, false, false, address(ledger));
        emit IVoucherLedger.VoucherRejected(s, supplier2);
        vm.prank(supplier2);
        ledger.rejectIssuance(s);
        _assertEq(uint256(ledger.voucherOf(s).status), uint256(IVoucherLedger.VoucherStatus.Rejected), "rejected");
        _assertEq(ledger.outstandingOf(core), FACE, "line freed");
        _assertEq(ledger.voucherOfTrade(trade), 0, "trade freed");
        vm.prank(core);
        uint256 again = ledger.issue(supplier2, 1_000 * YUAN, block.timestamp + 30 days, trade);
        _assertEq(ledger.voucherOfTrade(trade), again, "trade reused");
    }

    function test_rejectIssuance_issuerWithdraws() public {
        uint256 s = _issue(supplier2, 1_000 * YUAN, 30);
        vm.prank(core);
        ledger.rejectIssuance(s);
        _assertEq(uint256(ledger.voucherOf(s).status), uint256(IVoucherLedger.VoucherStatus.Rejected), "rejected");
    }

    function test_rejectIssuance_reverts() public {
        uint256 s = _issue(supplier2, 1_000 * YUAN, 30);
        vm.prank(supplier3);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotPayee.selector, s, supplier3, supplier2));
        ledger.rejectIssuance(s);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotPending.selector, slot, IVoucherLedger.VoucherStatus.Active)
        );
        ledger.rejectIssuance(slot);
    }

    /// @dev Found by the API's authorization matrix: a suspended party still declined an issuance.
    function test_rejectIssuance_revertsForASuspendedParty() public {
        uint256 s = _issue(supplier2, 1_000 * YUAN, 30);
        vm.prank(operator);
        consortium.suspend(supplier2);
        vm.prank(supplier2);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier2, IConsortium.Status.Suspended)
        );
        ledger.rejectIssuance(s);
        _assertEq(uint256(ledger.voucherOf(s).status), uint256(IVoucherLedger.VoucherStatus.Pending), "still pending");
    }

    /// @dev Found by the API's authorization matrix: a suspended pledgee still released a pledge.
    function test_releasePledge_revertsForASuspendedPledgee() public {
        vm.prank(supplier);
        ledger.pledge(t1, bank);
        vm.prank(operator);
        consortium.suspend(bank);
        vm.prank(bank);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, bank, IConsortium.Status.Suspended)
        );
        ledger.releasePledge(t1);
        _assertEq(uint256(uint160(ledger.tokenOf(t1).pledgee)), uint256(uint160(bank)), "still pledged");
    }

    // ───────────────────────────── split ─────────────────────────────

    function test_split_createsChildToken() public {
        uint256 id2 = _tid(slot, 2);
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IERC721.Transfer(address(0), supplier2, id2);
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IERC3525.SlotChanged(id2, 0, slot);
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IERC3525.TransferValue(t1, id2, 3_000_000 * YUAN);
        vmv.expectEmit(true, true, true, true, address(ledger));
        emit IVoucherLedger.VoucherSplit(slot, t1, id2, supplier, supplier2, 3_000_000 * YUAN, 2);
        uint256 id = _split(supplier, t1, supplier2, 3_000_000 * YUAN);
        _assertEq(id, id2, "new id");
        IVoucherLedger.TokenView memory t = ledger.tokenOf(id);
        _assertEqAddr(t.owner, supplier2, "owner");
        _assertEq(t.value, 3_000_000 * YUAN, "value");
        _assertEq(t.parentTokenId, t1, "parent");
        _assertEq(t.tier, 2, "tier");
        _assertEq(_value(t1), 7_000_000 * YUAN, "rest");
        _assertEq(ledger.voucherOf(slot).tokenCount, 2, "count");
        // tier 3
        uint256 id3 = _split(supplier2, id, supplier3, 1_000_000 * YUAN);
        _assertEq(ledger.tokenOf(id3).tier, 3, "tier 3");
        _assertEq(ledger.tokenOf(id3).parentTokenId, id, "parent 2");
    }

    /// @dev Regression: a split's new token got no `TransferValue(0, newId, 0)`. As the ERC-3525 reference
    /// implementation's split: the token is minted (Transfer, SlotChanged, TransferValue from 0 of 0), then the
    /// value moves in; exactly these logs, in this order.
    function test_split_mintsTheNewTokenEmptyThenMovesTheValueIn() public {
        uint256 id2 = _tid(slot, 2);
        uint256 value = 3_000_000 * YUAN;
        vmv.recordLogs();
        _split(supplier, t1, supplier2, value);
        VmVouchers.Log[] memory logs = vmv.getRecordedLogs();
        _assertEq(logs.length, 5, "five logs");
        _assertLog(logs[0], IERC721.Transfer.selector, 0, uint160(supplier2), id2, "minted");
        _assertLog(logs[1], IERC3525.SlotChanged.selector, id2, 0, slot, "slot set");
        _assertLog(logs[2], IERC3525.TransferValue.selector, 0, id2, NO_TOPIC, "value minted");
        _assertEq(abi.decode(logs[2].data, (uint256)), 0, "minted empty");
        _assertLog(logs[3], IERC3525.TransferValue.selector, t1, id2, NO_TOPIC, "value moved");
        _assertEq(abi.decode(logs[3].data, (uint256)), value, "value moved in");
        _assertEq(uint256(logs[4].topics[0]), uint256(IVoucherLedger.VoucherSplit.selector), "split event");
    }

    function test_split_allowsWholeBalanceAndExactMinimum() public {
        uint256 id = _split(supplier, t1, supplier2, MIN_UNIT);
        _assertEq(_value(id), MIN_UNIT, "minimum");
        uint256 id3 = _split(supplier, t1, supplier3, FACE - MIN_UNIT);
        _assertEq(_value(id3), FACE - MIN_UNIT, "rest");
        _assertEq(_value(t1), 0, "empty");
    }

    function test_transferFromToAddress_isASplit() public {
        vm.prank(supplier);
        uint256 id = ledger.transferFrom(t1, supplier2, 5 * MIN_UNIT);
        _assertEq(ledger.tokenOf(id).tier, 2, "tier");
        _assertEq(_value(id), 5 * MIN_UNIT, "value");
    }

    function test_split_byOperatorOrApprovedAccount() public {
        vm.prank(supplier);
        ledger.setApprovalForAll(distributor, true);
        _assertTrue(ledger.isApprovedForAll(supplier, distributor), "operator");
        uint256 id = _split(distributor, t1, supplier2, MIN_UNIT);
        _assertEqAddr(ledger.ownerOf(id), supplier2, "operator split");

        vm.prank(supplier);
        ledger.approve(merchant, t1);
        _assertEqAddr(ledger.getApproved(t1), merchant, "approved");
        id = _split(merchant, t1, supplier3, MIN_UNIT);
        _assertEqAddr(ledger.ownerOf(id), supplier3, "approved split");
    }

    function test_split_byValueAllowanceSpendsIt() public {
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IERC3525.ApprovalValue(t1, merchant, 3 * MIN_UNIT);
        vm.prank(supplier);
        ledger.approve(t1, merchant, 3 * MIN_UNIT);
        _assertEq(ledger.allowance(t1, merchant), 3 * MIN_UNIT, "allowance");
        _split(merchant, t1, supplier2, 2 * MIN_UNIT);
        _assertEq(ledger.allowance(t1, merchant), MIN_UNIT, "spent");
        vm.prank(merchant);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherInsufficientAllowance.selector,
                t1,
                merchant,
                MIN_UNIT,
                2 * MIN_UNIT
            )
        );
        ledger.split(t1, supplier2, 2 * MIN_UNIT);
        // an unlimited allowance is not spent
        vm.prank(supplier);
        ledger.approve(t1, merchant, type(uint256).max);
        _split(merchant, t1, supplier2, 2 * MIN_UNIT);
        _assertEq(ledger.allowance(t1, merchant), type(uint256).max, "unlimited");
    }

    function test_split_revertsForUnauthorizedCaller() public {
        address[3] memory callers = [supplier2, regulator, outsider];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, callers[i]));
            ledger.split(t1, supplier3, MIN_UNIT);
        }
    }

    function test_split_revertsForBadValue() public {
        vm.startPrank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherZeroValue.selector));
        ledger.split(t1, supplier2, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherBelowMinSplitUnit.selector, slot, MIN_UNIT - 1, MIN_UNIT)
        );
        ledger.split(t1, supplier2, MIN_UNIT - 1);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherValueExceedsBalance.selector, t1, FACE, FACE + 1));
        ledger.split(t1, supplier2, FACE + 1);
        vm.stopPrank();
    }

    function test_split_revertsForBadReceiver() public {
        vm.startPrank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSelfDealing.selector, supplier));
        ledger.split(t1, supplier, MIN_UNIT);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        ledger.split(t1, outsider, MIN_UNIT);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, address(0), IConsortium.Status.None)
        );
        ledger.split(t1, address(0), MIN_UNIT);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                _holderMask()
            )
        );
        ledger.split(t1, regulator, MIN_UNIT);
        vm.stopPrank();
        vm.prank(operator);
        consortium.suspend(supplier2);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier2, IConsortium.Status.Suspended)
        );
        ledger.split(t1, supplier2, MIN_UNIT);
    }

    function test_split_revertsForSuspendedHolder() public {
        vm.prank(operator);
        consortium.suspend(supplier);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier, IConsortium.Status.Suspended)
        );
        ledger.split(t1, supplier2, MIN_UNIT);
    }

    function test_split_revertsAtAndAfterMaturity() public {
        uint256 maturity = _maturity(slot);
        vm.warp(maturity - 1);
        _split(supplier, t1, supplier2, MIN_UNIT); // the last second before maturity
        vm.warp(maturity);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, slot, maturity, maturity));
        ledger.split(t1, supplier2, MIN_UNIT);
        vm.warp(maturity + 5 days);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, slot, maturity, maturity + 5 days)
        );
        ledger.split(t1, supplier2, MIN_UNIT);
    }

    function test_split_revertsForTokenNotLive() public {
        uint256 a = _split(supplier, t1, supplier2, MIN_UNIT);
        uint256 b = _split(supplier, t1, supplier2, MIN_UNIT);
        vm.prank(supplier2);
        ledger.merge(a, b); // a is Merged
        vm.prank(supplier2);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherTokenNotLive.selector, a, IVoucherLedger.TokenStatus.Merged)
        );
        ledger.split(a, supplier3, MIN_UNIT);

        vm.prank(supplier2);
        ledger.pledge(b, bank);
        vm.prank(supplier2);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherTokenNotLive.selector, b, IVoucherLedger.TokenStatus.Pledged)
        );
        ledger.split(b, supplier3, MIN_UNIT);

        vm.prank(operator);
        ledger.freezeToken(t1);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherTokenNotLive.selector, t1, IVoucherLedger.TokenStatus.Frozen)
        );
        ledger.split(t1, supplier3, MIN_UNIT);

        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, _tid(slot, 99)));
        ledger.split(_tid(slot, 99), supplier3, MIN_UNIT);
    }

    function test_split_revertsOnceRepaidOrDefaulted() public {
        _repay(slot);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherNotActive.selector, slot, IVoucherLedger.VoucherStatus.Repaid)
        );
        ledger.split(t1, supplier2, MIN_UNIT);
    }

    function test_split_revertsWhenAcceptanceRequired() public {
        vm.prank(operator);
        ledger.setRules(183, MIN_UNIT, true, 30);
        (uint256 s, uint256 id) = _issueAccepted(supplier, FACE, 90);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherAcceptanceRequired.selector, s));
        ledger.split(id, supplier2, MIN_UNIT);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherAcceptanceRequired.selector, s));
        ledger.transferFrom(id, supplier2, MIN_UNIT);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherAcceptanceRequired.selector, s));
        ledger.transferFrom(supplier, supplier2, id);
    }

    function testFuzz_split(uint256 first, uint256 second) public {
        first = _bound(first, MIN_UNIT, FACE - MIN_UNIT);
        second = _bound(second, 0, first + MIN_UNIT);
        uint256 a = _split(supplier, t1, supplier2, first);
        _assertEq(_value(t1) + _value(a), FACE, "sum after first");
        if (second < MIN_UNIT || second > first) {
            vm.prank(supplier2);
            vm.expectRevert();
            ledger.split(a, supplier3, second);
            return;
        }
        uint256 b = _split(supplier2, a, supplier3, second);
        _assertEq(_value(t1) + _value(a) + _value(b), FACE, "sum after second");
        _assertEq(ledger.tokenOf(b).tier, 3, "tier");
    }

    // ───────────────────────────── receiver hooks ─────────────────────────────

    function test_split_callsTheERC3525ReceiverHook() public {
        ReceiverMock r = new ReceiverMock();
        _admitAs(address(r), IConsortium.Role.Supplier);
        uint256 id = _split(supplier, t1, address(r), MIN_UNIT);
        _assertEq(r.received(), MIN_UNIT, "hook called");
        _assertEq(r.lastToTokenId(), id, "to token");

        r.setMode(ReceiverMock.Mode.WrongAnswer);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherReceiverRejected.selector, address(r), _tid(slot, 3))
        );
        ledger.split(t1, address(r), MIN_UNIT);

        r.setMode(ReceiverMock.Mode.Revert);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(ReceiverMock.ReceiverMockRefused.selector));
        ledger.split(t1, address(r), MIN_UNIT);
    }

    function test_split_toAContractWithoutHookSucceeds() public {
        PlainContract c = new PlainContract();
        _admitAs(address(c), IConsortium.Role.Supplier);
        uint256 id = _split(supplier, t1, address(c), MIN_UNIT);
        _assertEqAddr(ledger.ownerOf(id), address(c), "owner");
    }

    // ───────────────────────────── value into an existing token ─────────────────────────────

    function test_transferValue_movesIntoExistingToken() public {
        uint256 a = _split(supplier, t1, supplier2, MIN_UNIT);
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IERC3525.TransferValue(t1, a, 2 * MIN_UNIT);
        vm.prank(supplier);
        ledger.transferFrom(t1, a, 2 * MIN_UNIT);
        _assertEq(_value(a), 3 * MIN_UNIT, "to");
        _assertEq(_value(t1), FACE - 3 * MIN_UNIT, "from");
        // by a value allowance
        vm.prank(supplier);
        ledger.approve(t1, merchant, MIN_UNIT);
        vm.prank(merchant);
        ledger.transferFrom(t1, a, MIN_UNIT);
        _assertEq(ledger.allowance(t1, merchant), 0, "spent");
    }

    function test_transferValue_reverts() public {
        uint256 a = _split(supplier, t1, supplier2, MIN_UNIT);
        (, uint256 other) = _issueAccepted(supplier, FACE, 30);
        vm.startPrank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSlotMismatch.selector, t1, other));
        ledger.transferFrom(t1, other, MIN_UNIT);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSameToken.selector, t1));
        ledger.transferFrom(t1, t1, MIN_UNIT);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, _tid(slot, 9)));
        ledger.transferFrom(t1, _tid(slot, 9), MIN_UNIT);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherBelowMinSplitUnit.selector, slot, 1, MIN_UNIT));
        ledger.transferFrom(t1, a, 1);
        vm.stopPrank();
        vm.prank(supplier2);
        ledger.pledge(a, bank);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherTokenNotLive.selector, a, IVoucherLedger.TokenStatus.Pledged)
        );
        ledger.transferFrom(t1, a, MIN_UNIT);
        vm.prank(bank);
        ledger.releasePledge(a);
        vm.prank(supplier3);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, supplier3));
        ledger.transferFrom(t1, a, MIN_UNIT);
    }

    function test_transferValue_acceptanceRuleAllowsOnlyOwnTokens() public {
        vm.prank(operator);
        ledger.setRules(183, MIN_UNIT, true, 30);
        (uint256 s, uint256 id) = _issueAccepted(supplier, FACE, 90);
        // an own second piece (through an accepted offer back and forth is not needed: financing)
        vm.prank(supplier);
        uint256 offerId = ledger.offerTransfer(id, supplier2, 2 * MIN_UNIT);
        vm.prank(supplier2);
        uint256 other = ledger.acceptOffer(offerId);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherAcceptanceRequired.selector, s));
        ledger.transferFrom(id, other, MIN_UNIT);
        vm.prank(supplier2);
        uint256 back = ledger.offerTransfer(other, supplier, MIN_UNIT);
        vm.prank(supplier);
        uint256 own = ledger.acceptOffer(back);
        vm.prank(supplier);
        ledger.transferFrom(id, own, MIN_UNIT); // same owner: allowed
        _assertEq(_value(own), 2 * MIN_UNIT, "own");
    }

    // ───────────────────────────── ERC-721 ─────────────────────────────

    function test_erc721Transfer_movesWholeToken() public {
        vm.prank(supplier);
        ledger.approve(merchant, t1);
        vm.prank(supplier);
        ledger.approve(t1, distributor, MIN_UNIT);
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IERC721.Transfer(supplier, supplier2, t1);
        vm.prank(merchant);
        ledger.transferFrom(supplier, supplier2, t1);
        _assertEqAddr(ledger.ownerOf(t1), supplier2, "owner");
        _assertEq(ledger.balanceOf(supplier), 0, "from balance");
        _assertEq(ledger.balanceOf(supplier2), 1, "to balance");
        _assertEqAddr(ledger.getApproved(t1), address(0), "approval cleared");
        _assertEq(ledger.allowance(t1, distributor), 0, "allowance retired");
        _assertEq(ledger.tokenOf(t1).tier, 1, "tier kept");
        // the old allowance does not come back when the token returns
        vm.prank(supplier2);
        ledger.transferFrom(supplier2, supplier, t1);
        _assertEq(ledger.allowance(t1, distributor), 0, "still retired");
    }

    function test_erc721Transfer_reverts() public {
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, t1, supplier, supplier2));
        ledger.transferFrom(supplier2, supplier3, t1);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, supplier2));
        ledger.transferFrom(supplier, supplier3, t1);
        // a value allowance does not allow moving the whole token
        vm.prank(supplier);
        ledger.approve(t1, supplier2, FACE);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, supplier2));
        ledger.transferFrom(supplier, supplier2, t1);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        ledger.transferFrom(supplier, outsider, t1);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSelfDealing.selector, supplier));
        ledger.transferFrom(supplier, supplier, t1);
        uint256 maturity = _maturity(slot);
        vm.warp(maturity);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, slot, maturity, maturity));
        ledger.transferFrom(supplier, supplier2, t1);
    }

    function test_safeTransferFrom_checksReceiver() public {
        ReceiverMock r = new ReceiverMock();
        PlainContract c = new PlainContract();
        _admitAs(address(r), IConsortium.Role.Supplier);
        _admitAs(address(c), IConsortium.Role.Supplier);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(c)));
        ledger.safeTransferFrom(supplier, address(c), t1);
        r.setMode(ReceiverMock.Mode.WrongAnswer);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(r)));
        ledger.safeTransferFrom(supplier, address(r), t1, "x");
        r.setMode(ReceiverMock.Mode.Accept);
        vm.prank(supplier);
        ledger.safeTransferFrom(supplier, address(r), t1);
        _assertEqAddr(ledger.ownerOf(t1), address(r), "owner");
        // to an EOA member
        uint256 a = _split(address(r), t1, supplier2, MIN_UNIT);
        vm.prank(supplier2);
        ledger.safeTransferFrom(supplier2, supplier3, a);
        _assertEqAddr(ledger.ownerOf(a), supplier3, "eoa");
    }

    /// @dev Regression: the receiver's revert reason was replaced by `VoucherReceiverRejected`. As OpenZeppelin's
    /// ERC-721: a reason is passed on as it is; a revert without one is `ERC721InvalidReceiver(to)`.
    function test_safeTransferFrom_passesOnTheReceiversRevertReason() public {
        ReceiverMock r = new ReceiverMock();
        PlainContract c = new PlainContract();
        _admitAs(address(r), IConsortium.Role.Supplier);
        _admitAs(address(c), IConsortium.Role.Supplier);
        r.setMode(ReceiverMock.Mode.Revert);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(ReceiverMock.ReceiverMockRefused.selector));
        ledger.safeTransferFrom(supplier, address(r), t1);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(ReceiverMock.ReceiverMockRefused.selector));
        ledger.safeTransferFrom(supplier, address(r), t1, "data");
        // no hook at all: the call reverts without a reason
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(c)));
        ledger.safeTransferFrom(supplier, address(c), t1);
        _assertEqAddr(ledger.ownerOf(t1), supplier, "nothing moved");
    }

    function test_approvals_revert() public {
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, supplier2));
        ledger.approve(supplier2, t1);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherInvalidOperator.selector, supplier));
        ledger.approve(supplier, t1);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, supplier2));
        ledger.approve(t1, supplier2, 1);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherInvalidOperator.selector, supplier));
        ledger.approve(t1, supplier, 1);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherInvalidOperator.selector, address(0)));
        ledger.approve(t1, address(0), 1);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherInvalidOperator.selector, supplier));
        ledger.setApprovalForAll(supplier, true);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, _tid(slot, 7)));
        ledger.approve(supplier2, _tid(slot, 7));
        // an operator may approve accounts and value; an approved account may approve value
        vm.prank(supplier);
        ledger.setApprovalForAll(distributor, true);
        vm.prank(distributor);
        ledger.approve(merchant, t1);
        vm.prank(merchant);
        ledger.approve(t1, supplier3, 5);
        _assertEq(ledger.allowance(t1, supplier3), 5, "value by approved");
    }

    function test_erc721Views_revertForUnknownTokens() public {
        uint256 unknown = _tid(slot, 50);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, unknown));
        ledger.ownerOf(unknown);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, unknown));
        ledger.getApproved(unknown);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, unknown));
        ledger.slotOf(unknown);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, unknown));
        ledger.balanceOf(unknown);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, unknown));
        ledger.allowance(unknown, supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, unknown));
        ledger.tokenOf(unknown);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, unknown));
        ledger.tokenURI(unknown);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherZeroAddress.selector));
        ledger.balanceOf(address(0));
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownVoucher.selector, 77));
        ledger.voucherOf(77);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownVoucher.selector, 77));
        ledger.slotURI(77);
    }

    // ───────────────────────────── offers ─────────────────────────────

    function test_offer_acceptedBySplittingThen() public {
        vm.prank(operator);
        ledger.setRules(183, MIN_UNIT, true, 30);
        (uint256 s, uint256 id) = _issueAccepted(supplier, FACE, 90);
        vmv.expectEmit(true, true, true, true, address(ledger));
        emit IVoucherLedger.VoucherOffered(1, id, supplier2, supplier, 4 * MIN_UNIT);
        vm.prank(supplier);
        uint256 offerId = ledger.offerTransfer(id, supplier2, 4 * MIN_UNIT);
        _assertEq(ledger.offerCount(), 1, "count");
        _assertEq(_value(id), FACE, "nothing locked");
        vmv.expectEmit(true, true, false, false, address(ledger));
        emit IVoucherLedger.VoucherOfferAccepted(offerId, _tid(s, 2));
        vm.prank(supplier2);
        uint256 newId = ledger.acceptOffer(offerId);
        _assertEq(_value(newId), 4 * MIN_UNIT, "value");
        _assertEq(ledger.tokenOf(newId).tier, 2, "tier");
        IVoucherLedger.Offer memory o = ledger.offerOf(offerId);
        _assertEq(uint256(o.status), uint256(IVoucherLedger.OfferStatus.Accepted), "accepted");
        _assertEq(o.newTokenId, newId, "new token");
        vm.prank(supplier2);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherOfferNotOpen.selector,
                offerId,
                IVoucherLedger.OfferStatus.Accepted
            )
        );
        ledger.acceptOffer(offerId);
    }

    function test_offer_rejectedOrCancelled() public {
        vm.prank(supplier);
        uint256 a = ledger.offerTransfer(t1, supplier2, MIN_UNIT);
        vm.prank(supplier);
        uint256 b = ledger.offerTransfer(t1, supplier3, MIN_UNIT);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOfferParty.selector, a, supplier, supplier2));
        ledger.rejectOffer(a);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOfferParty.selector, a, supplier2, supplier));
        ledger.cancelOffer(a);
        vm.prank(supplier2);
        ledger.rejectOffer(a);
        vm.prank(supplier);
        ledger.cancelOffer(b);
        _assertEq(uint256(ledger.offerOf(a).status), uint256(IVoucherLedger.OfferStatus.Rejected), "rejected");
        _assertEq(uint256(ledger.offerOf(b).status), uint256(IVoucherLedger.OfferStatus.Cancelled), "cancelled");
        vm.prank(supplier3);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherOfferNotOpen.selector, b, IVoucherLedger.OfferStatus.Cancelled)
        );
        ledger.acceptOffer(b);
        vm.prank(supplier3);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownOffer.selector, 9));
        ledger.acceptOffer(9);
    }

    function test_offer_acceptRechecksEverything() public {
        vm.prank(supplier);
        uint256 late = ledger.offerTransfer(t1, supplier2, MIN_UNIT);
        vm.prank(supplier);
        uint256 big = ledger.offerTransfer(t1, supplier3, FACE);
        vm.prank(supplier);
        uint256 stale = ledger.offerTransfer(t1, distributor, MIN_UNIT);
        _split(supplier, t1, supplier3, MIN_UNIT);
        vm.prank(supplier3);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherValueExceedsBalance.selector, t1, FACE - MIN_UNIT, FACE)
        );
        ledger.acceptOffer(big);
        vm.prank(supplier);
        ledger.transferFrom(supplier, merchant, t1);
        vm.prank(distributor);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, t1, merchant, supplier));
        ledger.acceptOffer(stale);
        vm.prank(merchant);
        ledger.transferFrom(merchant, supplier, t1);
        vm.prank(operator);
        consortium.suspend(supplier2);
        vm.prank(supplier2);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, supplier2, IConsortium.Status.Suspended)
        );
        ledger.acceptOffer(late);
        vm.prank(operator);
        consortium.reinstate(supplier2);
        uint256 maturity = _maturity(slot);
        vm.warp(maturity);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, slot, maturity, maturity));
        ledger.acceptOffer(late);
    }

    function test_offerTransfer_reverts() public {
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, supplier2));
        ledger.offerTransfer(t1, supplier3, MIN_UNIT);
        vm.prank(supplier);
        ledger.approve(t1, supplier2, FACE); // a value allowance does not make offers
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, supplier2));
        ledger.offerTransfer(t1, supplier3, MIN_UNIT);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherBelowMinSplitUnit.selector, slot, MIN_UNIT - 1, MIN_UNIT)
        );
        ledger.offerTransfer(t1, supplier3, MIN_UNIT - 1);
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                _holderMask()
            )
        );
        ledger.offerTransfer(t1, regulator, MIN_UNIT);
    }

    // ───────────────────────────── merge ─────────────────────────────

    function test_merge_burnsTheFromToken() public {
        uint256 a = _split(supplier, t1, supplier2, 2 * MIN_UNIT);
        uint256 b = _split(supplier, t1, supplier2, 3 * MIN_UNIT);
        _assertEq(ledger.balanceOf(supplier2), 2, "two tokens");
        vmv.expectEmit(true, true, false, true, address(ledger));
        emit IERC3525.TransferValue(a, b, 2 * MIN_UNIT);
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IERC721.Transfer(supplier2, address(0), a);
        vmv.expectEmit(true, true, true, true, address(ledger));
        emit IVoucherLedger.VoucherMerged(slot, a, b, supplier2, 2 * MIN_UNIT);
        vm.prank(supplier2);
        ledger.merge(a, b);
        _assertEq(_value(b), 5 * MIN_UNIT, "merged value");
        _assertEq(_value(a), 0, "burned value");
        _assertEq(uint256(_status(a)), uint256(IVoucherLedger.TokenStatus.Merged), "merged");
        _assertEq(ledger.balanceOf(supplier2), 1, "one token");
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, a));
        ledger.ownerOf(a);
    }

    /// @dev Regression: a merged token was burned without `TransferValue(id, 0, value)`. As the reference
    /// implementation's burn after its value moved out: TransferValue to 0 of 0, SlotChanged to 0, Transfer to 0.
    function test_merge_burnsTheFromTokenWithATransferValueToZero() public {
        uint256 a = _split(supplier, t1, supplier2, 2 * MIN_UNIT);
        uint256 b = _split(supplier, t1, supplier2, 3 * MIN_UNIT);
        vmv.recordLogs();
        vm.prank(supplier2);
        ledger.merge(a, b);
        VmVouchers.Log[] memory logs = vmv.getRecordedLogs();
        _assertEq(logs.length, 5, "five logs");
        _assertLog(logs[0], IERC3525.TransferValue.selector, a, b, NO_TOPIC, "value moved");
        _assertEq(abi.decode(logs[0].data, (uint256)), 2 * MIN_UNIT, "all of it");
        _assertLog(logs[1], IERC3525.TransferValue.selector, a, 0, NO_TOPIC, "value burned");
        _assertEq(abi.decode(logs[1].data, (uint256)), 0, "nothing left to burn");
        _assertLog(logs[2], IERC3525.SlotChanged.selector, a, slot, 0, "slot cleared");
        _assertLog(logs[3], IERC721.Transfer.selector, uint160(supplier2), 0, a, "burned");
        _assertEq(uint256(logs[4].topics[0]), uint256(IVoucherLedger.VoucherMerged.selector), "merge event");
    }

    function test_merge_reverts() public {
        uint256 a = _split(supplier, t1, supplier2, MIN_UNIT);
        uint256 b = _split(supplier, t1, supplier3, MIN_UNIT);
        (, uint256 other) = _issueAccepted(supplier2, FACE, 30);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, b, supplier3, supplier2));
        ledger.merge(a, b);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSlotMismatch.selector, a, other));
        ledger.merge(a, other);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSameToken.selector, a));
        ledger.merge(a, a);
        uint256 c = _split(supplier, t1, supplier2, MIN_UNIT);
        vm.prank(supplier3);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, a, supplier3));
        ledger.merge(a, c);
        uint256 maturity = _maturity(slot);
        vm.warp(maturity);
        vm.prank(supplier2);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, slot, maturity, maturity));
        ledger.merge(a, c);
    }

    // ───────────────────────────── approvals: who may spend them ─────────────────────────────

    /// @dev The three ways an owner lets another account move its token: the ERC-721 approval of the token,
    /// an ERC-3525 value allowance, an ERC-721 operator of all its tokens.
    enum Grant {
        Approved,
        ValueAllowance,
        Operator
    }

    uint256 internal constant TEN_THOUSAND = 10_000 * YUAN;

    /// @dev `supplier` gives (or takes back) `spender` the grant `g` over t1.
    function _grant(Grant g, address spender, bool on) internal {
        vm.startPrank(supplier);
        if (g == Grant.Approved) ledger.approve(on ? spender : address(0), t1);
        else if (g == Grant.ValueAllowance) ledger.approve(t1, spender, on ? FACE : 0);
        else ledger.setApprovalForAll(spender, on);
        vm.stopPrank();
    }

    /// @dev A token of supplier2 and a second token of supplier (2 × MIN_UNIT each), targets of the moves.
    function _otherTokens() internal returns (uint256 theirs, uint256 own) {
        theirs = _split(supplier, t1, supplier2, 4 * MIN_UNIT);
        own = _split(supplier2, theirs, supplier, 2 * MIN_UNIT);
    }

    /// @dev Every move of t1 that `g` allows `spender` to make for supplier reverts with `reason`.
    function _expectMovesRefused(Grant g, address spender, bytes memory reason) internal {
        (uint256 theirs, uint256 own) = _otherTokens();
        uint256 before = _value(t1);
        vm.startPrank(spender);
        vm.expectRevert(reason);
        ledger.split(t1, supplier3, TEN_THOUSAND);
        vm.expectRevert(reason);
        ledger.transferFrom(t1, supplier3, TEN_THOUSAND);
        vm.expectRevert(reason);
        ledger.transferFrom(t1, theirs, TEN_THOUSAND);
        if (g != Grant.ValueAllowance) {
            // a value allowance moves value only; the other grants move the whole token too
            vm.expectRevert(reason);
            ledger.transferFrom(supplier, supplier3, t1);
            vm.expectRevert(reason);
            ledger.safeTransferFrom(supplier, supplier3, t1);
            vm.expectRevert(reason);
            ledger.offerTransfer(t1, supplier3, TEN_THOUSAND);
            vm.expectRevert(reason);
            ledger.merge(t1, own);
        }
        vm.stopPrank();
        _assertEq(_value(t1), before, "nothing moved");
        _assertEqAddr(ledger.ownerOf(t1), supplier, "still the owner's");
    }

    /// @dev Regression: an approved non-member split ¥10,000 off a voucher. Whoever spends an approval is
    /// checked like an owner: an outsider is refused whatever it was granted.
    function test_approvals_anApprovedNonMemberMovesNothing() public {
        bytes memory reason = abi.encodeWithSelector(
            IConsortium.MemberNotActive.selector,
            outsider,
            IConsortium.Status.None
        );
        for (uint256 g; g < 3; ++g) {
            _grant(Grant(g), outsider, true);
            _expectMovesRefused(Grant(g), outsider, reason);
            _grant(Grant(g), outsider, false);
        }
    }

    /// @dev The regulator reads everything and changes nothing, also when an owner approved it.
    function test_approvals_anApprovedRegulatorMovesNothing() public {
        bytes memory reason = _roleError(regulator, _holderMask());
        for (uint256 g; g < 3; ++g) {
            _grant(Grant(g), regulator, true);
            _expectMovesRefused(Grant(g), regulator, reason);
            _grant(Grant(g), regulator, false);
        }
    }

    /// @dev A member approved while active is refused once suspended (or removed), and acts again once
    /// reinstated: the check is made when the approval is spent.
    function test_approvals_aSuspendedOrRemovedMemberMovesNothing() public {
        for (uint256 g; g < 3; ++g) {
            _grant(Grant(g), merchant, true);
            vm.prank(operator);
            consortium.suspend(merchant);
            _expectMovesRefused(
                Grant(g),
                merchant,
                abi.encodeWithSelector(IConsortium.MemberNotActive.selector, merchant, IConsortium.Status.Suspended)
            );
            vm.prank(operator);
            consortium.reinstate(merchant);
            uint256 id = _split(merchant, t1, supplier3, TEN_THOUSAND);
            _assertEqAddr(ledger.ownerOf(id), supplier3, "reinstated: spends again");
            _grant(Grant(g), merchant, false);
        }
        _grant(Grant.Operator, distributor, true);
        vm.prank(operator);
        consortium.remove(distributor);
        _expectMovesRefused(
            Grant.Operator,
            distributor,
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, distributor, IConsortium.Status.Removed)
        );
    }

    /// @dev An approved active member spends each grant: ¥10,000 split off, a value allowance reduced.
    function test_approvals_anApprovedActiveMemberSpendsThem() public {
        for (uint256 g; g < 3; ++g) {
            _grant(Grant(g), merchant, true);
            uint256 id = _split(merchant, t1, supplier3, TEN_THOUSAND);
            _assertEq(_value(id), TEN_THOUSAND, "split off");
            if (Grant(g) == Grant.ValueAllowance)
                _assertEq(ledger.allowance(t1, merchant), FACE - TEN_THOUSAND, "spent");
            _grant(Grant(g), merchant, false);
        }
        _grant(Grant.Approved, merchant, true);
        vm.prank(merchant);
        ledger.transferFrom(supplier, supplier3, t1);
        _assertEqAddr(ledger.ownerOf(t1), supplier3, "whole token moved by the approved member");
    }

    /// @dev Giving an approval is a change like any other: the caller (owner, operator or approved account)
    /// must be an active member of a holder role.
    function test_approve_revertsForACallerThatIsNotAnActiveMember() public {
        _grant(Grant.Approved, regulator, true);
        bytes memory asRegulator = _roleError(regulator, _holderMask());
        vm.prank(regulator);
        vm.expectRevert(asRegulator);
        ledger.approve(t1, merchant, 1);
        vm.prank(operator);
        consortium.suspend(supplier);
        bytes memory suspended = abi.encodeWithSelector(
            IConsortium.MemberNotActive.selector,
            supplier,
            IConsortium.Status.Suspended
        );
        vm.startPrank(supplier);
        vm.expectRevert(suspended);
        ledger.approve(merchant, t1);
        vm.expectRevert(suspended);
        ledger.approve(t1, merchant, 1);
        vm.stopPrank();
    }

    // ───────────────────────────── pledge and freeze ─────────────────────────────

    function test_pledge_locksUntilReleased() public {
        vmv.expectEmit(true, true, true, false, address(ledger));
        emit IVoucherLedger.VoucherPledged(t1, supplier, bank);
        vm.prank(supplier);
        ledger.pledge(t1, bank);
        IVoucherLedger.TokenView memory t = ledger.tokenOf(t1);
        _assertEq(uint256(t.status), uint256(IVoucherLedger.TokenStatus.Pledged), "pledged");
        _assertEqAddr(t.pledgee, bank, "pledgee");
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherTokenNotLive.selector, t1, IVoucherLedger.TokenStatus.Pledged)
        );
        ledger.transferFrom(supplier, supplier2, t1);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotPledgee.selector, t1, supplier, bank));
        ledger.releasePledge(t1);
        vmv.expectEmit(true, true, false, false, address(ledger));
        emit IVoucherLedger.VoucherPledgeReleased(t1, bank);
        vm.prank(bank);
        ledger.releasePledge(t1);
        _assertEq(uint256(_status(t1)), uint256(IVoucherLedger.TokenStatus.Live), "live");
        _assertEqAddr(ledger.tokenOf(t1).pledgee, address(0), "no pledgee");
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotPledgee.selector, t1, bank, address(0)));
        ledger.releasePledge(t1);
        // a micro-lender may take a pledge too
        vm.prank(supplier);
        ledger.pledge(t1, microLender);
    }

    function test_pledge_reverts() public {
        uint256 lenders = (1 << uint8(IConsortium.Role.OperatorBank)) | (1 << uint8(IConsortium.Role.MicroLender));
        vm.prank(supplier);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                guarantor,
                IConsortium.Role.Guarantor,
                lenders
            )
        );
        ledger.pledge(t1, guarantor);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, t1, supplier, bank));
        ledger.pledge(t1, bank);
        uint256 b = _split(supplier, t1, bank, MIN_UNIT);
        vm.prank(bank);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherSelfDealing.selector, bank));
        ledger.pledge(b, bank);
        uint256 maturity = _maturity(slot);
        vm.warp(maturity);
        vm.prank(supplier);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherMatured.selector, slot, maturity, maturity));
        ledger.pledge(t1, bank);
    }

    function test_freeze_blocksAndUnfreezeRestores() public {
        vm.prank(supplier);
        ledger.pledge(t1, bank);
        vmv.expectEmit(true, true, false, false, address(ledger));
        emit IVoucherLedger.VoucherTokenFrozen(t1, operator);
        vm.prank(operator);
        ledger.freezeToken(t1);
        _assertEq(uint256(_status(t1)), uint256(IVoucherLedger.TokenStatus.Frozen), "frozen");
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IVoucherLedger.VoucherTokenNotFreezable.selector,
                t1,
                IVoucherLedger.TokenStatus.Frozen
            )
        );
        ledger.freezeToken(t1);
        vm.prank(operator);
        ledger.unfreezeToken(t1);
        _assertEq(uint256(_status(t1)), uint256(IVoucherLedger.TokenStatus.Pledged), "pledged again");
        // released while frozen: unfreezes to Live
        vm.prank(operator);
        ledger.freezeToken(t1);
        vm.prank(bank);
        ledger.releasePledge(t1);
        _assertEq(uint256(_status(t1)), uint256(IVoucherLedger.TokenStatus.Frozen), "still frozen");
        vm.prank(operator);
        ledger.unfreezeToken(t1);
        _assertEq(uint256(_status(t1)), uint256(IVoucherLedger.TokenStatus.Live), "live");
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(IVoucherLedger.VoucherTokenNotFrozen.selector, t1, IVoucherLedger.TokenStatus.Live)
        );
        ledger.unfreezeToken(t1);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, _tid(slot, 5)));
        ledger.freezeToken(_tid(slot, 5));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherUnknownToken.selector, _tid(slot, 5)));
        ledger.unfreezeToken(_tid(slot, 5));
    }

    // ───────────────────────────── the regulator and outsiders change nothing ─────────────────────────────

    function test_regulatorAndOutsider_changeNothing() public {
        address[2] memory who = [regulator, outsider];
        uint256 operatorMask = 1 << uint8(IConsortium.Role.PlatformOperator);
        uint256 bankMask = 1 << uint8(IConsortium.Role.OperatorBank);
        uint256 issuerMask =
            (1 << uint8(IConsortium.Role.CoreEnterprise)) |
                (1 << uint8(IConsortium.Role.Supplier)) |
                (1 << uint8(IConsortium.Role.Distributor));
        uint256 s2 = _issue(supplier2, MIN_UNIT, 30);
        for (uint256 i; i < who.length; ++i) {
            address a = who[i];
            bytes memory asOperator = _roleError(a, operatorMask);
            vm.startPrank(a);
            vm.expectRevert(asOperator);
            ledger.setRules(100, 1, false, 1);
            vm.expectRevert(asOperator);
            ledger.freezeToken(t1);
            vm.expectRevert(asOperator);
            ledger.unfreezeToken(t1);
            vm.expectRevert(asOperator);
            ledger.setFinancingModule(a);
            vm.expectRevert(_roleError(a, bankMask));
            ledger.setCreditLine(core, 1);
            vm.expectRevert(_roleError(a, issuerMask));
            ledger.issue(supplier, 1, block.timestamp + 1 days, keccak256("x"));
            vm.expectRevert(_roleError(a, _holderMask()));
            ledger.setApprovalForAll(supplier, true);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotPayee.selector, s2, a, supplier2));
            ledger.acceptIssuance(s2);
            vm.expectRevert(
                _notMemberOr(a, abi.encodeWithSelector(IVoucherLedger.VoucherNotPayee.selector, s2, a, supplier2))
            );
            ledger.rejectIssuance(s2);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, a));
            ledger.split(t1, supplier2, MIN_UNIT);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, a));
            ledger.transferFrom(supplier, supplier2, t1);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, a));
            ledger.approve(a, t1);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, a));
            ledger.approve(t1, a, 1);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotAuthorized.selector, t1, a));
            ledger.offerTransfer(t1, supplier2, MIN_UNIT);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotOwner.selector, t1, supplier, a));
            ledger.pledge(t1, bank);
            vm.expectRevert(
                _notMemberOr(a, abi.encodeWithSelector(IVoucherLedger.VoucherNotPledgee.selector, t1, a, address(0)))
            );
            ledger.releasePledge(t1);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotPayer.selector, slot, a, core));
            ledger.repay(slot);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotFinancingModule.selector, a));
            ledger.financeSplit(t1, supplier, a, MIN_UNIT);
            vm.expectRevert(abi.encodeWithSelector(IVoucherLedger.VoucherNotFinancingModule.selector, a));
            ledger.recourseTransfer(t1, supplier, a);
            vm.expectRevert(_roleError(a, _holderMask()));
            ledger.clear(slot, 10);
            vm.expectRevert(_roleError(a, _holderMask()));
            ledger.claim(t1);
            vm.expectRevert(_roleError(a, _holderMask()));
            ledger.declareDefault(slot);
            vm.stopPrank();
        }
    }

    // ───────────────────────────── views and metadata ─────────────────────────────

    function test_supportsInterface_answersTheStandards() public view {
        _assertTrue(ledger.supportsInterface(0x01ffc9a7), "IERC165");
        _assertTrue(ledger.supportsInterface(0x80ac58cd), "IERC721");
        _assertTrue(ledger.supportsInterface(0x5b5e139f), "IERC721Metadata");
        _assertTrue(ledger.supportsInterface(0xd5358140), "IERC3525");
        _assertTrue(ledger.supportsInterface(0xe1600902), "IERC3525Metadata");
        _assertTrue(!ledger.supportsInterface(0x780e9d63), "not IERC721Enumerable");
        _assertTrue(!ledger.supportsInterface(0xffffffff), "not 0xffffffff");
    }

    function test_metadata_describesTokensAndSlots() public view {
        string memory q = "\u0022"; // a double quote
        _assertTrue(keccak256(bytes(ledger.name())) == keccak256("E-Receivable Voucher"), "name");
        _assertTrue(keccak256(bytes(ledger.symbol())) == keccak256("ERV"), "symbol");
        _assertEq(ledger.valueDecimals(), 2, "decimals");
        string memory token = ledger.tokenURI(t1);
        _assertTrue(_startsWith(token, "data:application/json;utf8,{"), "token: a JSON data URI");
        _assertTrue(_contains(token, string.concat(q, "name", q, ":", q, "Voucher 1 piece 1", q)), "token name");
        _assertTrue(_contains(token, string.concat(q, "balance", q, ":1000000000,")), "token balance");
        _assertTrue(_contains(token, string.concat(q, "tier", q, ":1,")), "token tier");
        string memory slotJson = ledger.slotURI(slot);
        _assertTrue(_contains(slotJson, string.concat(q, "name", q, ":", q, "Voucher 1", q)), "slot name");
        _assertTrue(_contains(slotJson, string.concat(q, "face", q, ":1000000000,")), "slot face");
        _assertTrue(_contains(ledger.contractURI(), string.concat(q, "valueDecimals", q, ":2}")), "contract");
    }

    function test_tokensOfVoucher_pagesTheLineage() public {
        uint256 a = _split(supplier, t1, supplier2, MIN_UNIT);
        _split(supplier2, a, supplier3, MIN_UNIT);
        _split(supplier, t1, distributor, MIN_UNIT);
        IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(slot, 0, 10);
        _assertEq(all.length, 4, "four");
        _assertEq(all[0].tier, 1, "t1");
        _assertEq(all[1].tier, 2, "t2");
        _assertEq(all[2].tier, 3, "t3");
        _assertEq(all[2].parentTokenId, a, "parent");
        _assertEq(all[3].tier, 2, "t4");
        IVoucherLedger.TokenView[] memory page = ledger.tokensOfVoucher(slot, 1, 2);
        _assertEq(page.length, 2, "page");
        _assertEq(page[0].tokenId, a, "offset");
        _assertEq(ledger.tokensOfVoucher(slot, 4, 10).length, 0, "past the end");
    }

    function test_voucherOf_reportsOverdue() public {
        vm.warp(_maturity(slot));
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Active), "due");
        vm.warp(_maturity(slot) + 1);
        _assertEq(uint256(ledger.voucherOf(slot).status), uint256(IVoucherLedger.VoucherStatus.Overdue), "overdue");
    }

    // ───────────────────────────── helpers ─────────────────────────────

    function _contains(string memory s, string memory part) internal pure returns (bool) {
        bytes memory b = bytes(s);
        bytes memory p = bytes(part);
        for (uint256 i; i + p.length <= b.length; ++i) {
            bool same = true;
            for (uint256 k; k < p.length && same; ++k) same = b[i + k] == p[k];
            if (same) return true;
        }
        return false;
    }

    function _startsWith(string memory s, string memory prefix) internal pure returns (bool) {
        bytes memory b = bytes(s);
        bytes memory p = bytes(prefix);
        if (b.length < p.length) return false;
        for (uint256 i; i < p.length; ++i) if (b[i] != p[i]) return false;
        return true;
    }

    // ───────────────────────────── log helpers ─────────────────────────────

    /// @dev An event with fewer indexed parameters: its topic is not compared.
    uint256 internal constant NO_TOPIC = type(uint256).max;

    /// @dev `log` is `selector` from the ledger with the indexed topics `a`, `b`, `c` (NO_TOPIC: absent).
    function _assertLog(
        VmVouchers.Log memory log,
        bytes32 selector,
        uint256 a,
        uint256 b,
        uint256 c,
        string memory what
    ) internal view {
        _assertEqAddr(log.emitter, address(ledger), what);
        _assertEq(uint256(log.topics[0]), uint256(selector), what);
        _assertEq(log.topics.length, c == NO_TOPIC ? 3 : 4, what);
        _assertEq(uint256(log.topics[1]), a, what);
        _assertEq(uint256(log.topics[2]), b, what);
        if (c != NO_TOPIC) _assertEq(uint256(log.topics[3]), c, what);
    }
}
