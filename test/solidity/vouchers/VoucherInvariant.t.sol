// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {VoucherFixture} from "./VoucherFixture.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";
import {IVoucherLedger} from "../../../contracts/interfaces/IVoucherLedger.sol";
import {IVoucherFinancing} from "../../../contracts/interfaces/IVoucherFinancing.sol";
import {VoucherLedger} from "../../../contracts/vouchers/VoucherLedger.sol";
import {VoucherFinancing} from "../../../contracts/vouchers/VoucherFinancing.sol";

/// @notice Drives the ledger with random issue / accept / reject / split / transferValue / transfer / merge /
/// finance / pledge / release / freeze / repay / default / clear / claim / wallet freeze / warp steps across
/// a few actors, and keeps ghost totals: money repaid and paid out, how often each token was paid, and a
/// snapshot of every voucher's token values taken when its maturity is first seen.
contract VoucherHandler {
    uint256 internal constant YUAN = 100;
    uint256 internal constant MAX_SLOTS = 12;
    uint8 internal constant _PENDING = 0;
    uint8 internal constant _OVERDUE = 1;
    uint8 internal constant _CLEARABLE = 2;

    VoucherLedger public immutable ledger;
    VoucherFinancing public immutable financing;
    IECNY public immutable ecny;
    address public immutable core;
    address public immutable walletBank;
    address public immutable operator;

    address[] internal _holders;
    address[] internal _financiers;
    uint256[] internal _slots;

    uint256 public ghostRepaid;
    uint256 public ghostPaidOut;
    uint256 public paidTwice;
    uint256 public outflowMismatch;
    mapping(uint256 tokenId => uint256) public paidCount;
    mapping(uint256 slotId => bool) public snapshotTaken;
    mapping(uint256 slotId => bytes32) public snapshot;
    mapping(address account => bool) public walletFrozen;
    /// @notice Successful steps per action (to see that a run reaches clearing, financing, …).
    mapping(bytes32 action => uint256) public done;

    constructor(
        VoucherLedger ledger_,
        VoucherFinancing financing_,
        IECNY ecny_,
        address core_,
        address walletBank_,
        address operator_,
        address[] memory holders_,
        address[] memory financiers_
    ) {
        ledger = ledger_;
        financing = financing_;
        ecny = ecny_;
        core = core_;
        walletBank = walletBank_;
        operator = operator_;
        _holders = holders_;
        _financiers = financiers_;
    }

    // ───────────────────────────── actions ─────────────────────────────

    /// @dev Issues a voucher (terms up to 60 days so runs reach maturity) and, three times in four, the payee
    /// accepts it at once.
    function issue(uint256 payeeSeed, uint256 faceSeed, uint256 termSeed) external {
        _snapshotMatured();
        if (_slots.length >= MAX_SLOTS) return;
        address payee = _holders[payeeSeed % _holders.length];
        uint256 face = _bound(faceSeed, 100 * YUAN, 10_000_000 * YUAN);
        uint256 term = _bound(termSeed, 1, 60);
        vm.prank(core);
        uint256 s = ledger.issue(payee, face, block.timestamp + term * 1 days, keccak256(abi.encode(_slots.length)));
        _slots.push(s);
        ++done["issue"];
        if (termSeed % 4 != 0) {
            vm.prank(payee);
            ledger.acceptIssuance(s);
            ++done["accept"];
        }
    }

    function accept(uint256 slotSeed) external {
        _snapshotMatured();
        (bool found, uint256 s) = _findSlot(slotSeed, _PENDING);
        if (!found) return;
        vm.prank(ledger.voucherOf(s).payee);
        ledger.acceptIssuance(s);
        ++done["accept"];
    }

    function reject(uint256 slotSeed) external {
        _snapshotMatured();
        (bool found, uint256 s) = _findSlot(slotSeed, _PENDING);
        if (!found) return;
        vm.prank(ledger.voucherOf(s).payee);
        ledger.rejectIssuance(s);
        ++done["reject"];
    }

    function split(uint256 tokenSeed, uint256 toSeed, uint256 valueSeed) external {
        _snapshotMatured();
        (bool ok, uint256 id, IVoucherLedger.TokenView memory t) = _pick(tokenSeed);
        if (!ok) return;
        address to = _holders[toSeed % _holders.length];
        if (to == t.owner || t.value < 100 * YUAN) return;
        vm.prank(t.owner);
        ledger.split(id, to, _bound(valueSeed, 100 * YUAN, t.value));
        ++done["split"];
    }

    /// @dev Moves value into another Live token of the same voucher, if there is one.
    function transferValue(uint256 tokenSeed, uint256 valueSeed) external {
        _snapshotMatured();
        (bool ok, uint256 id, IVoucherLedger.TokenView memory t) = _pick(tokenSeed);
        if (!ok || t.value < 100 * YUAN) return;
        IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(t.slotId, 0, type(uint256).max);
        for (uint256 k; k < all.length; ++k) {
            IVoucherLedger.TokenView memory d = all[(k + valueSeed) % all.length];
            if (d.tokenId == id || d.status != IVoucherLedger.TokenStatus.Live) continue;
            vm.prank(t.owner);
            ledger.transferFrom(id, d.tokenId, _bound(valueSeed, 100 * YUAN, t.value));
            ++done["transferValue"];
            return;
        }
    }

    function transferWhole(uint256 tokenSeed, uint256 toSeed) external {
        _snapshotMatured();
        (bool ok, uint256 id, IVoucherLedger.TokenView memory t) = _pick(tokenSeed);
        if (!ok) return;
        address to = _holders[toSeed % _holders.length];
        if (to == t.owner) return;
        vm.prank(t.owner);
        ledger.transferFrom(t.owner, to, id);
        ++done["transferWhole"];
    }

    /// @dev Merges two Live tokens of one owner in one voucher, searching the vouchers from `slotSeed` on.
    function merge(uint256 slotSeed) external {
        _snapshotMatured();
        for (uint256 i; i < _slots.length; ++i) {
            uint256 s = _slots[(slotSeed + i) % _slots.length];
            IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(s, 0, type(uint256).max);
            for (uint256 a; a < all.length; ++a) {
                if (all[a].status != IVoucherLedger.TokenStatus.Live) continue;
                for (uint256 b = a + 1; b < all.length; ++b) {
                    if (all[b].owner != all[a].owner || all[b].status != IVoucherLedger.TokenStatus.Live) continue;
                    vm.prank(all[a].owner);
                    ledger.merge(all[b].tokenId, all[a].tokenId);
                    ++done["merge"];
                    return;
                }
            }
        }
    }

    function finance(uint256 tokenSeed, uint256 valueSeed, uint256 rateSeed, uint256 financierSeed) external {
        _snapshotMatured();
        (bool ok, uint256 id, IVoucherLedger.TokenView memory t) = _pick(tokenSeed);
        if (!ok || t.value < 100 * YUAN) return;
        address financier = _financiers[financierSeed % _financiers.length];
        if (financier == t.owner) return;
        vm.prank(t.owner);
        uint256 requestId = financing.requestFinancing(
            id,
            _bound(valueSeed, 100 * YUAN, t.value),
            financier,
            _bound(rateSeed, 0, 2_000),
            rateSeed % 2 == 0
        );
        vm.prank(financier);
        financing.approveFinancing(requestId);
        ++done["finance"];
    }

    function pledge(uint256 tokenSeed, uint256 lenderSeed) external {
        _snapshotMatured();
        (bool ok, uint256 id, IVoucherLedger.TokenView memory t) = _pick(tokenSeed);
        if (!ok) return;
        address lender = _financiers[lenderSeed % _financiers.length];
        if (lender == t.owner) return;
        vm.prank(t.owner);
        ledger.pledge(id, lender);
        ++done["pledge"];
    }

    function release(uint256 tokenSeed) external {
        _snapshotMatured();
        (bool ok, uint256 id, IVoucherLedger.TokenView memory t) = _pick(tokenSeed);
        if (!ok || t.pledgee == address(0)) return;
        vm.prank(t.pledgee);
        ledger.releasePledge(id);
        ++done["release"];
    }

    function freezeToken(uint256 tokenSeed) external {
        _snapshotMatured();
        (bool ok, uint256 id, IVoucherLedger.TokenView memory t) = _pick(tokenSeed);
        if (!ok) return;
        vm.prank(operator);
        if (t.status == IVoucherLedger.TokenStatus.Frozen) ledger.unfreezeToken(id);
        else ledger.freezeToken(id);
    }

    /// @dev The financier of a recourse financing on a defaulted voucher takes its money back from the seller.
    function recourse(uint256 slotSeed) external {
        _snapshotMatured();
        for (uint256 i; i < _slots.length; ++i) {
            uint256 s = _slots[(slotSeed + i) % _slots.length];
            if (ledger.voucherOf(s).status != IVoucherLedger.VoucherStatus.Defaulted) continue;
            IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(s, 0, type(uint256).max);
            for (uint256 k; k < all.length; ++k) {
                IVoucherFinancing.Financing memory f = financing.financingOf(all[k].tokenId);
                if (!f.recourse || f.recourseExercised || all[k].owner != f.financier) continue;
                vm.prank(f.financier);
                financing.exerciseRecourse(all[k].tokenId);
                ++done["recourse"];
                return;
            }
        }
    }

    function toggleWallet(uint256 holderSeed) external {
        _snapshotMatured();
        address a = _holders[holderSeed % _holders.length];
        vm.prank(walletBank);
        if (walletFrozen[a]) ecny.unfreeze(a);
        else ecny.freeze(a);
        walletFrozen[a] = !walletFrozen[a];
    }

    /// @dev The payer repays a voucher; every third voucher is a slow payer's, repaid only once defaulted
    /// (so runs reach recourse and late repayment).
    function repay(uint256 slotSeed) external {
        _snapshotMatured();
        for (uint256 i; i < _slots.length; ++i) {
            uint256 index = (slotSeed + i) % _slots.length;
            uint256 s = _slots[index];
            IVoucherLedger.VoucherView memory v = ledger.voucherOf(s);
            bool repayable =
                index % 3 == 0
                    ? v.status == IVoucherLedger.VoucherStatus.Defaulted
                    : (v.status == IVoucherLedger.VoucherStatus.Active ||
                        v.status == IVoucherLedger.VoucherStatus.Overdue ||
                        v.status == IVoucherLedger.VoucherStatus.Defaulted);
            if (!repayable) continue;
            vm.prank(core);
            ledger.repay(s);
            ghostRepaid += v.face;
            ++done["repay"];
            return;
        }
    }

    function declareDefault(uint256 slotSeed) external {
        _snapshotMatured();
        (bool found, uint256 s) = _findSlot(slotSeed, _OVERDUE);
        if (!found) return;
        vm.prank(_member(slotSeed)); // any member may declare it (the regulator may not)
        ledger.declareDefault(s);
        ++done["default"];
    }

    function clear(uint256 slotSeed, uint256 maxSeed) external {
        _snapshotMatured();
        (bool found, uint256 s) = _findSlot(slotSeed, _CLEARABLE);
        if (!found) {
            if (_slots.length == 0) return;
            s = _slots[slotSeed % _slots.length]; // exercises the refusals
        }
        IVoucherLedger.TokenView[] memory before = ledger.tokensOfVoucher(s, 0, type(uint256).max);
        uint256 balanceBefore = ecny.balanceOf(address(ledger));
        vm.prank(_member(maxSeed)); // any member may run the clearing
        ledger.clear(s, _bound(maxSeed, 1, 6));
        _account(before, balanceBefore);
        ++done["clear"];
    }

    /// @dev Claims a payable token of a clearable voucher if there is one (else a random token: refusals).
    function claim(uint256 tokenSeed) external {
        _snapshotMatured();
        (bool found, uint256 s) = _findSlot(tokenSeed, _CLEARABLE);
        uint256 id;
        if (found) {
            IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(s, 0, type(uint256).max);
            for (uint256 k; k < all.length; ++k) {
                IVoucherLedger.TokenView memory c = all[(k + (tokenSeed >> 128)) % all.length];
                if (
                    c.value > 0 &&
                    (c.status == IVoucherLedger.TokenStatus.Unclaimed ||
                        c.status == IVoucherLedger.TokenStatus.Live ||
                        c.status == IVoucherLedger.TokenStatus.Pledged)
                ) {
                    id = c.tokenId;
                    break;
                }
            }
        }
        if (id == 0) {
            bool ok;
            (ok, id, ) = _pickAny(tokenSeed);
            if (!ok) return;
        }
        IVoucherLedger.TokenView[] memory before = ledger.tokensOfVoucher(id >> 32, 0, type(uint256).max);
        uint256 balanceBefore = ecny.balanceOf(address(ledger));
        vm.prank(_member(tokenSeed)); // any member may claim for the holder; the money goes to the holder
        ledger.claim(id);
        _account(before, balanceBefore);
        ++done["claim"];
    }

    function warp(uint256 daysSeed) external {
        vm.warp(block.timestamp + _bound(daysSeed, 1, 40) * 1 days);
        _snapshotMatured();
    }

    // ───────────────────────────── views for the invariants ─────────────────────────────

    function slotCount() external view returns (uint256) {
        return _slots.length;
    }

    function slotAt(uint256 i) external view returns (uint256) {
        return _slots[i];
    }

    function holderCount() external view returns (uint256) {
        return _holders.length;
    }

    function holderAt(uint256 i) external view returns (address) {
        return _holders[i];
    }

    /// @notice Hash of a voucher's token count and every token's value.
    function valuesHash(uint256 slotId) public view returns (bytes32) {
        IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(slotId, 0, type(uint256).max);
        uint256[] memory values = new uint256[](all.length);
        for (uint256 i; i < all.length; ++i) values[i] = all[i].value;
        return keccak256(abi.encode(values));
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Books the tokens a clear or claim turned Cleared, and checks the money that left the ledger.
    function _account(IVoucherLedger.TokenView[] memory before, uint256 balanceBefore) internal {
        uint256 newlyPaid;
        for (uint256 i; i < before.length; ++i) {
            IVoucherLedger.TokenView memory after_ = ledger.tokenOf(before[i].tokenId);
            bool wasPaid = before[i].status == IVoucherLedger.TokenStatus.Cleared;
            bool isPaid = after_.status == IVoucherLedger.TokenStatus.Cleared;
            if (wasPaid && !isPaid) ++paidTwice; // a paid token never becomes payable again
            if (!wasPaid && isPaid) {
                newlyPaid += after_.value;
                if (++paidCount[after_.tokenId] > 1) ++paidTwice;
            }
        }
        ghostPaidOut += newlyPaid;
        if (balanceBefore - ecny.balanceOf(address(ledger)) != newlyPaid) ++outflowMismatch;
    }

    /// @dev A member who runs a clearing, claim or default: a holder, a financier or the platform operator.
    function _member(uint256 seed) internal view returns (address) {
        uint256 k = (seed >> 64) % (_holders.length + _financiers.length + 1);
        if (k < _holders.length) return _holders[k];
        if (k - _holders.length < _financiers.length) return _financiers[k - _holders.length];
        return operator;
    }

    /// @dev The first voucher from `seed` on (cyclically) in the wanted state.
    function _findSlot(uint256 seed, uint8 want) internal view returns (bool found, uint256 slotId) {
        uint256 n = _slots.length;
        for (uint256 k; k < n; ++k) {
            slotId = _slots[(seed + k) % n];
            IVoucherLedger.VoucherView memory v = ledger.voucherOf(slotId);
            IVoucherLedger.VoucherStatus st = v.status;
            if (want == _PENDING) found = st == IVoucherLedger.VoucherStatus.Pending;
            else if (want == _OVERDUE) found = st == IVoucherLedger.VoucherStatus.Overdue;
            else found = st == IVoucherLedger.VoucherStatus.Repaid && block.timestamp >= v.maturity;
            if (found) return (true, slotId);
        }
        return (false, 0);
    }

    function _snapshotMatured() internal {
        for (uint256 i; i < _slots.length; ++i) {
            uint256 s = _slots[i];
            if (snapshotTaken[s] || block.timestamp < ledger.voucherOf(s).maturity) continue;
            snapshotTaken[s] = true;
            snapshot[s] = valuesHash(s);
        }
    }

    /// @dev A token of an accepted voucher (any status but merged).
    function _pick(uint256 seed) internal view returns (bool ok, uint256 id, IVoucherLedger.TokenView memory t) {
        (ok, id, t) = _pickAny(seed);
        if (ok && t.status == IVoucherLedger.TokenStatus.Merged) ok = false;
    }

    function _pickAny(uint256 seed) internal view returns (bool ok, uint256 id, IVoucherLedger.TokenView memory t) {
        if (_slots.length == 0) return (false, 0, t);
        uint256 s = _slots[seed % _slots.length];
        uint256 count = ledger.voucherOf(s).tokenCount;
        if (count == 0) return (false, 0, t);
        id = (s << 32) | (((seed >> 128) % count) + 1);
        t = ledger.tokenOf(id);
        ok = true;
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max <= min) return min;
        return min + (x % (max - min + 1));
    }
}

/// @notice The ledger's invariants under random operation. Depth 100 (instead of the project's 40) so that
/// runs get from issuance through splits, financing and maturity to defaults, recourse and clearing.
/// forge-config: default.invariant.depth = 100
contract VoucherInvariantTest is VoucherFixture {
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    VoucherHandler internal handler;

    function setUp() public {
        _deployVouchers();
        vm.prank(bank);
        ledger.setCreditLine(core, 1_000_000_000 * YUAN);
        vm.prank(operator);
        ledger.setRules(183, MIN_UNIT, false, 3); // a short grace period, so runs reach defaults
        _fund(core, 1_000_000_000 * YUAN);
        _fund(bank, 1_000_000_000 * YUAN);
        _fund(microLender, 1_000_000_000 * YUAN);
        address[] memory holders = new address[](5);
        holders[0] = supplier;
        holders[1] = supplier2;
        holders[2] = supplier3;
        holders[3] = distributor;
        holders[4] = merchant;
        address[] memory financiers = new address[](2);
        financiers[0] = bank;
        financiers[1] = microLender;
        handler = new VoucherHandler(ledger, financing, ecny, core, bank, operator, holders, financiers);
    }

    function targetContracts() public view returns (address[] memory t) {
        t = new address[](1);
        t[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory s) {
        bytes4[] memory sel = new bytes4[](25);
        sel[0] = VoucherHandler.issue.selector;
        sel[1] = VoucherHandler.accept.selector;
        sel[2] = VoucherHandler.reject.selector;
        sel[3] = VoucherHandler.split.selector;
        sel[4] = VoucherHandler.split.selector;
        sel[5] = VoucherHandler.transferValue.selector;
        sel[6] = VoucherHandler.transferWhole.selector;
        sel[7] = VoucherHandler.merge.selector;
        sel[8] = VoucherHandler.finance.selector;
        sel[9] = VoucherHandler.pledge.selector;
        sel[10] = VoucherHandler.release.selector;
        sel[11] = VoucherHandler.freezeToken.selector;
        sel[12] = VoucherHandler.toggleWallet.selector;
        sel[13] = VoucherHandler.repay.selector;
        sel[14] = VoucherHandler.repay.selector;
        sel[15] = VoucherHandler.declareDefault.selector;
        sel[16] = VoucherHandler.clear.selector;
        sel[17] = VoucherHandler.clear.selector;
        sel[18] = VoucherHandler.claim.selector;
        sel[19] = VoucherHandler.warp.selector;
        sel[20] = VoucherHandler.warp.selector;
        sel[21] = VoucherHandler.warp.selector;
        sel[22] = VoucherHandler.recourse.selector;
        sel[23] = VoucherHandler.finance.selector;
        sel[24] = VoucherHandler.issue.selector;
        s = new FuzzSelector[](1);
        s[0] = FuzzSelector(address(handler), sel);
    }

    /// @dev For every accepted voucher, Σ value of its non-merged tokens == face.
    function invariant_valueOfEveryVoucherEqualsItsFace() public view {
        for (uint256 i; i < handler.slotCount(); ++i) {
            uint256 s = handler.slotAt(i);
            IVoucherLedger.VoucherView memory v = ledger.voucherOf(s);
            if (v.tokenCount == 0) continue;
            IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(s, 0, v.tokenCount);
            uint256 sum;
            for (uint256 k; k < all.length; ++k) {
                if (all[k].status != IVoucherLedger.TokenStatus.Merged) sum += all[k].value;
                else _assertEq(all[k].value, 0, "merged tokens hold nothing");
            }
            _assertEq(sum, v.face, "sum of values == face");
        }
    }

    /// @dev Σ cleared ≤ face, == the value of the tokens marked Cleared, and == face once the voucher is Cleared.
    function invariant_clearedNeverExceedsFace() public view {
        for (uint256 i; i < handler.slotCount(); ++i) {
            uint256 s = handler.slotAt(i);
            IVoucherLedger.VoucherView memory v = ledger.voucherOf(s);
            _assertTrue(v.cleared <= v.face, "cleared <= face");
            if (v.status == IVoucherLedger.VoucherStatus.Cleared) _assertEq(v.cleared, v.face, "fully cleared");
            IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(s, 0, v.tokenCount);
            uint256 paid;
            for (uint256 k; k < all.length; ++k) {
                if (all[k].status == IVoucherLedger.TokenStatus.Cleared) paid += all[k].value;
            }
            _assertEq(paid, v.cleared, "cleared == value of paid tokens");
        }
    }

    /// @dev From maturity on, no token value of a voucher changes (clearing only marks tokens paid).
    function invariant_nothingButClearingAfterMaturity() public view {
        for (uint256 i; i < handler.slotCount(); ++i) {
            uint256 s = handler.slotAt(i);
            if (!handler.snapshotTaken(s)) continue;
            _assertTrue(handler.valuesHash(s) == handler.snapshot(s), "values unchanged after maturity");
        }
    }

    /// @dev Each token is paid at most once, and exactly its value leaves the ledger.
    function invariant_eachTokenPaidAtMostOnce() public view {
        _assertEq(handler.paidTwice(), 0, "paid twice");
        _assertEq(handler.outflowMismatch(), 0, "outflow == value of newly paid tokens");
    }

    /// @dev Lineage is a tree rooted at token 1.
    function invariant_lineageIsATree() public view {
        for (uint256 i; i < handler.slotCount(); ++i) {
            uint256 s = handler.slotAt(i);
            IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(s, 0, type(uint256).max);
            for (uint256 k; k < all.length; ++k) {
                IVoucherLedger.TokenView memory t = all[k];
                _assertTrue(t.tier >= 1, "tier >= 1");
                if (k == 0) {
                    _assertEq(t.parentTokenId, 0, "token 1 is the root");
                    _assertEq(t.tier, 1, "root tier 1");
                    continue;
                }
                _assertEq(t.parentTokenId >> 32, s, "parent in the same voucher");
                uint256 parentLocal = t.parentTokenId & type(uint32).max;
                _assertTrue(parentLocal >= 1 && parentLocal < k + 1, "parent is an earlier token");
                uint256 parentTier = all[parentLocal - 1].tier;
                _assertTrue(t.tier == parentTier || t.tier == parentTier + 1, "tier = parent's or one deeper");
            }
        }
    }

    /// @dev The ledger's e-CNY balance == Σ repaid face − Σ paid out.
    function invariant_ledgerMoneyMatchesGhosts() public view {
        _assertEq(
            ecny.balanceOf(address(ledger)),
            handler.ghostRepaid() - handler.ghostPaidOut(),
            "ledger balance == repaid - paid"
        );
        _assertEq(ecny.balanceOf(address(financing)), 0, "the financing module holds no money");
    }

    /// @dev The issuer's outstanding == Σ face of its pending, active (overdue) and defaulted vouchers.
    function invariant_outstandingMatchesUnpaidFaces() public view {
        uint256 unpaid;
        for (uint256 i; i < handler.slotCount(); ++i) {
            IVoucherLedger.VoucherView memory v = ledger.voucherOf(handler.slotAt(i));
            if (
                v.status == IVoucherLedger.VoucherStatus.Pending ||
                v.status == IVoucherLedger.VoucherStatus.Active ||
                v.status == IVoucherLedger.VoucherStatus.Overdue ||
                v.status == IVoucherLedger.VoucherStatus.Defaulted
            ) unpaid += v.face;
        }
        _assertEq(ledger.outstandingOf(core), unpaid, "outstanding");
    }

    /// @dev ERC-721 balances count every unburned token.
    function invariant_erc721BalancesCountUnburnedTokens() public view {
        uint256 tokens;
        for (uint256 i; i < handler.slotCount(); ++i) {
            uint256 s = handler.slotAt(i);
            IVoucherLedger.TokenView[] memory all = ledger.tokensOfVoucher(s, 0, type(uint256).max);
            for (uint256 k; k < all.length; ++k) {
                if (all[k].status != IVoucherLedger.TokenStatus.Merged) ++tokens;
            }
        }
        uint256 balances = ledger.balanceOf(bank) + ledger.balanceOf(microLender);
        for (uint256 i; i < handler.holderCount(); ++i) balances += ledger.balanceOf(handler.holderAt(i));
        _assertEq(balances, tokens, "erc721 balances");
    }
}
