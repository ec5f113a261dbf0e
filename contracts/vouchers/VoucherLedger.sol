// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ERC165Checker} from "@openzeppelin/contracts/utils/introspection/ERC165Checker.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {IConsortium} from "../interfaces/IConsortium.sol";
import {IECNY} from "../interfaces/IECNY.sol";
import {IERC3525} from "../interfaces/IERC3525.sol";
import {IERC3525Metadata} from "../interfaces/IERC3525Metadata.sol";
import {IERC3525Receiver} from "../interfaces/IERC3525Receiver.sol";
import {IVoucherLedger} from "../interfaces/IVoucherLedger.sol";
import {IVoucherMetadata} from "../interfaces/IVoucherMetadata.sol";
import {ConsortiumGuarded} from "../access/ConsortiumGuarded.sol";
import {VoucherMetadata} from "./VoucherMetadata.sol";

/// @title VoucherLedger
/// @notice The splittable e-receivable voucher ledger: ERC-3525 slots are vouchers, tokens are holdings,
/// value is fen. Financing lives in a separate module that this ledger trusts (see `financeSplit`).
/// @dev Invariants:
///  - for every voucher, Σ value of its non-merged tokens == face (value is only minted once, into token 1
///    at acceptance, and afterwards only moves between tokens of the same voucher: every change goes through
///    `_updateValue`); clearing marks tokens paid but keeps their value as the record of what was paid;
///  - from maturity on, and once a voucher is repaid or defaulted, no value and no token moves (only
///    recourse, which hands a defaulted voucher's token back to its seller, changes an owner);
///  - each token is paid at most once (Live/Pledged/Unclaimed → Cleared happens once), so Σ paid ≤ face and
///    Σ paid == face exactly when the voucher is Cleared;
///  - the ledger's e-CNY balance == Σ face repaid − Σ paid to holders;
///  - lineage is a tree rooted at token 1: a token's parent is an earlier token (smaller local index) of
///    the same voucher, tiers are ≥ 1;
///  - outstandingOf(issuer) == Σ face of its Pending, Active and Defaulted vouchers;
///  - a trade hash backs at most one Pending, Active, Defaulted, Repaid or Cleared voucher;
///  - every state-changing function needs an active member and refuses the regulator (it reads everything and
///    changes nothing), including `clear`, `claim` and `declareDefault`, which any such member may call
///    because they only execute what is owed (clearing and claims pay the holders, never the caller);
///  - whoever moves a token for its owner (an ERC-721 operator, the approved account, an ERC-3525 value
///    allowance) is itself checked when it spends the approval, in the same registry call as the owner: an
///    active member of a holder role (never the regulator, an outsider, a suspended or removed member). Giving
///    an approval needs an active member too, but does not check the account approved: its standing may change
///    before it acts, so the spend is where it counts;
///  - the ERC-3525 events follow the reference implementation: a split's new token is minted with
///    `TransferValue(0, newTokenId, 0)` before its value moves in, a merged token is burned with
///    `TransferValue(fromTokenId, 0, 0)` after its value moved out.
///  A transaction calls the consortium at most once (calls are what a transaction pays most for), except the
///  one-off `setFinancingModule`, which also asks whether the module is a system contract: the members it
///  checks and the project time come from one `_context` call (in `_movable` / `_movableBy` for the moves, in
///  `_caller` when only the caller is checked) and the checks run on what it returned (`_check`); `repay`
///  and `voucherOf` only read the time (`_now`).
///  Storage: one slot per token (owner, value, parent, tier, status), the hot fields of a voucher in one
///  slot; pledgees, approvals and allowances only in side mappings when used. No ERC-721 enumeration (the
///  indexer reads events). Value allowances are keyed by an approval epoch that a whole-token transfer bumps,
///  so allowances given by a previous owner die with the transfer.
///  It deliberately does not check: the trade background itself (only its hash), e-CNY wallet caps (e-CNY
///  does), and the remainder left in a token after a split (it may fall under the minimum split unit).
// solhint-disable-next-line max-states-count
contract VoucherLedger is IVoucherLedger, ConsortiumGuarded {
    // ───────────────────────────── storage ─────────────────────────────

    /// @dev Slot 0 holds everything a split reads and writes.
    struct Voucher {
        uint40 maturity;
        VoucherStatus state;
        bool needsAcceptance;
        uint56 minSplitUnit;
        uint24 tokenCount;
        uint24 clearCursor;
        uint56 face;
        uint40 issuedAt;
        address payer;
        uint56 cleared;
        uint40 repaidAt;
        address payee;
        uint40 defaultedAt;
        bytes32 tradeHash;
    }

    /// @dev One storage slot per token. `parent` is the parent's local index (0 for token 1).
    struct Token {
        address owner;
        uint56 value;
        uint24 parent;
        uint8 tier;
        TokenStatus status;
    }

    /// @dev ERC-721 approval of a token and the epoch keying its ERC-3525 value allowances.
    struct TokenApproval {
        address approved;
        uint88 epoch;
        bool valueApproved;
    }

    struct Line {
        address bank;
        uint96 limit;
    }

    uint256 private constant _LOCAL_BITS = 32;
    uint256 private constant _MAX_TERM_DAYS = 365;
    uint256 private constant _FINANCIER_ROLES =
        (1 << uint8(IConsortium.Role.OperatorBank)) | (1 << uint8(IConsortium.Role.MicroLender));
    /// @dev Every role: `_check` with it only asks that the member be active.
    uint256 private constant _ANY_ROLE = type(uint256).max;

    IECNY public immutable ecny;
    /// @notice The metadata renderer this ledger deployed for itself.
    IVoucherMetadata public immutable metadata;

    Rules private _rules;
    address private _financingModule;
    uint256 private _voucherCount;
    uint256 private _offerCount;
    mapping(uint256 slotId => Voucher) private _vouchers;
    mapping(uint256 tokenId => Token) private _tokens;
    mapping(uint256 tokenId => address lender) private _pledgees;
    mapping(uint256 tokenId => TokenApproval) private _approvals;
    mapping(uint256 tokenId => mapping(uint256 epoch => mapping(address operator => uint256 value)))
        private _allowances;
    mapping(address owner => mapping(address operator => bool)) private _operators;
    mapping(address owner => uint256 tokens) private _balances;
    mapping(address issuer => Line) private _lines;
    mapping(address issuer => uint256 fen) private _outstanding;
    mapping(bytes32 tradeHash => uint256 slotId) private _voucherOfTrade;
    mapping(uint256 offerId => Offer) private _offers;

    constructor(IConsortium consortium_, IECNY ecny_) ConsortiumGuarded(consortium_) {
        ecny = ecny_;
        metadata = new VoucherMetadata();
        _rules = Rules({maxTermDays: 183, minSplitUnit: 100_00, transfersNeedAcceptance: false, overdueGraceDays: 30});
        emit RulesSet(183, 100_00, false, 30, msg.sender);
    }

    // ───────────────────────────── platform ─────────────────────────────

    /// @inheritdoc IVoucherLedger
    function setRules(
        uint256 maxTermDays,
        uint256 minSplitUnit,
        bool transfersNeedAcceptance,
        uint256 overdueGraceDays
    ) external {
        _caller(_role(IConsortium.Role.PlatformOperator));
        if (
            maxTermDays == 0 ||
            maxTermDays > _MAX_TERM_DAYS ||
            minSplitUnit == 0 ||
            minSplitUnit > type(uint56).max ||
            overdueGraceDays > _MAX_TERM_DAYS
        ) revert VoucherInvalidRules(maxTermDays, minSplitUnit, overdueGraceDays);
        _rules = Rules(uint16(maxTermDays), uint56(minSplitUnit), transfersNeedAcceptance, uint16(overdueGraceDays));
        emit RulesSet(maxTermDays, minSplitUnit, transfersNeedAcceptance, overdueGraceDays, msg.sender);
    }

    /// @inheritdoc IVoucherLedger
    function setFinancingModule(address module) external {
        _caller(_role(IConsortium.Role.PlatformOperator));
        if (_financingModule != address(0)) revert VoucherFinancingModuleAlreadySet(_financingModule);
        if (!consortium.isSystemContract(module)) revert VoucherNotSystemContract(module);
        _financingModule = module;
        emit FinancingModuleSet(module);
    }

    /// @inheritdoc IVoucherLedger
    function freezeToken(uint256 tokenId) external {
        _caller(_role(IConsortium.Role.PlatformOperator));
        Token storage t = _tokens[tokenId];
        TokenStatus s = t.status;
        if (s != TokenStatus.Live && s != TokenStatus.Pledged && s != TokenStatus.Unclaimed) {
            if (s == TokenStatus.None) revert VoucherUnknownToken(tokenId);
            revert VoucherTokenNotFreezable(tokenId, s);
        }
        t.status = TokenStatus.Frozen;
        emit VoucherTokenFrozen(tokenId, msg.sender);
    }

    /// @inheritdoc IVoucherLedger
    function unfreezeToken(uint256 tokenId) external {
        _caller(_role(IConsortium.Role.PlatformOperator));
        Token storage t = _tokens[tokenId];
        TokenStatus s = t.status;
        if (s != TokenStatus.Frozen) {
            if (s == TokenStatus.None) revert VoucherUnknownToken(tokenId);
            revert VoucherTokenNotFrozen(tokenId, s);
        }
        t.status = _pledgees[tokenId] == address(0) ? TokenStatus.Live : TokenStatus.Pledged;
        emit VoucherTokenUnfrozen(tokenId, msg.sender);
    }

    // ───────────────────────────── issuance (确权) ─────────────────────────────

    /// @inheritdoc IVoucherLedger
    function setCreditLine(address issuer, uint256 limitFen) external {
        (IConsortium.Member memory mb, IConsortium.Member memory mi, , ) = _context(msg.sender, issuer, address(0));
        _check(msg.sender, mb, _role(IConsortium.Role.OperatorBank));
        _check(
            issuer,
            mi,
            _roles(IConsortium.Role.CoreEnterprise, IConsortium.Role.Supplier, IConsortium.Role.Distributor)
        );
        if (limitFen > type(uint96).max) revert VoucherAmountTooLarge(limitFen, type(uint96).max);
        Line storage line = _lines[issuer];
        address lineBank = line.bank;
        if (lineBank != address(0) && lineBank != msg.sender && (line.limit != 0 || _outstanding[issuer] != 0))
            revert VoucherNotCreditLineBank(issuer, lineBank, msg.sender);
        line.bank = msg.sender;
        line.limit = uint96(limitFen);
        emit CreditLineSet(issuer, msg.sender, limitFen);
    }

    /// @inheritdoc IVoucherLedger
    function issue(address payee, uint256 face, uint256 maturity, bytes32 tradeHash) external returns (uint256 slotId) {
        (IConsortium.Member memory mi, IConsortium.Member memory mp, , uint256 nowTime) = _context(
            msg.sender,
            payee,
            address(0)
        );
        _check(
            msg.sender,
            mi,
            _roles(IConsortium.Role.CoreEnterprise, IConsortium.Role.Supplier, IConsortium.Role.Distributor)
        );
        if (payee == msg.sender) revert VoucherSelfDealing(payee);
        _check(payee, mp, _holderRoles());
        if (face == 0) revert VoucherZeroValue();
        if (face > type(uint56).max) revert VoucherAmountTooLarge(face, type(uint56).max);
        Rules memory r = _rules;
        if (maturity <= nowTime) revert VoucherMaturityNotInFuture(maturity, nowTime);
        if (maturity - nowTime > uint256(r.maxTermDays) * 1 days) {
            revert VoucherTermTooLong(maturity, nowTime, r.maxTermDays);
        }
        if (tradeHash == bytes32(0)) revert VoucherZeroTradeHash();
        uint256 usedBy = _voucherOfTrade[tradeHash];
        if (usedBy != 0) revert VoucherTradeHashUsed(tradeHash, usedBy);
        Line memory line = _lines[msg.sender];
        if (line.bank == address(0)) revert VoucherNoCreditLine(msg.sender);
        uint256 outstanding = _outstanding[msg.sender];
        if (outstanding + face > line.limit) {
            revert VoucherCreditLineExceeded(msg.sender, line.limit, outstanding, face);
        }

        _outstanding[msg.sender] = outstanding + face;
        slotId = ++_voucherCount;
        _voucherOfTrade[tradeHash] = slotId;
        Voucher storage v = _vouchers[slotId];
        v.maturity = uint40(maturity); // < now + 366 days: fits
        v.state = VoucherStatus.Pending;
        v.needsAcceptance = r.transfersNeedAcceptance;
        v.minSplitUnit = r.minSplitUnit;
        v.face = uint56(face);
        v.issuedAt = uint40(nowTime);
        v.payer = msg.sender;
        v.payee = payee;
        v.tradeHash = tradeHash;
        emit VoucherIssued(slotId, msg.sender, payee, face, maturity, tradeHash);
    }

    /// @inheritdoc IVoucherLedger
    function acceptIssuance(uint256 slotId) external returns (uint256 tokenId) {
        Voucher storage v = _pending(slotId);
        if (msg.sender != v.payee) revert VoucherNotPayee(slotId, msg.sender, v.payee);
        uint256 nowTime = _caller(_ANY_ROLE);
        if (nowTime >= v.maturity) revert VoucherMatured(slotId, v.maturity, nowTime);
        v.state = VoucherStatus.Active;
        v.tokenCount = 1;
        tokenId = (slotId << _LOCAL_BITS) | 1;
        _mint(tokenId, msg.sender, 0, 1);
        _updateValue(0, tokenId, v.face);
        emit VoucherAccepted(slotId, tokenId, msg.sender);
    }

    /// @inheritdoc IVoucherLedger
    function rejectIssuance(uint256 slotId) external {
        _requireActive(msg.sender);
        Voucher storage v = _pending(slotId);
        if (msg.sender != v.payee && msg.sender != v.payer) revert VoucherNotPayee(slotId, msg.sender, v.payee);
        v.state = VoucherStatus.Rejected;
        unchecked {
            _outstanding[v.payer] -= v.face; // the face was added at issuance and leaves once (here or at repay)
        }
        delete _voucherOfTrade[v.tradeHash];
        emit VoucherRejected(slotId, msg.sender);
    }

    // ───────────────────────────── split and transfer (拆分流转) ─────────────────────────────

    /// @inheritdoc IVoucherLedger
    function split(uint256 fromTokenId, address to, uint256 value) external returns (uint256 newTokenId) {
        return _splitByCaller(fromTokenId, to, value);
    }

    /// @inheritdoc IERC3525
    /// @dev The same as `split`.
    function transferFrom(uint256 fromTokenId, address to, uint256 value) external returns (uint256 newTokenId) {
        return _splitByCaller(fromTokenId, to, value);
    }

    /// @inheritdoc IERC3525
    /// @dev Same checks as `split`; the target must be a Live token of the same voucher. When the voucher's
    /// receivers must accept, only between two tokens of one owner.
    function transferFrom(uint256 fromTokenId, uint256 toTokenId, uint256 value) external {
        (
            Token memory t,
            Voucher storage v,
            IConsortium.Member memory mo,
            IConsortium.Member memory md,
            IConsortium.Member memory ms
        ) = _movableBy(fromTokenId, _tokens[toTokenId].owner);
        Token memory d = _liveSibling(fromTokenId, toTokenId);
        if (v.needsAcceptance && d.owner != t.owner) revert VoucherAcceptanceRequired(fromTokenId >> _LOCAL_BITS);
        _authorize(fromTokenId, t.owner, value, true, ms);
        _checkValue(fromTokenId, v.minSplitUnit, t.value, value);
        _check(t.owner, mo, _ANY_ROLE);
        if (d.owner != t.owner) _check(d.owner, md, _holderRoles());
        _updateValue(fromTokenId, toTokenId, value);
        _checkOnERC3525Received(d.owner, fromTokenId, toTokenId, value);
    }

    /// @inheritdoc IVoucherLedger
    function offerTransfer(uint256 fromTokenId, address to, uint256 value) external returns (uint256 offerId) {
        (
            Token memory t,
            Voucher storage v,
            IConsortium.Member memory mo,
            IConsortium.Member memory mt,
            IConsortium.Member memory ms
        ) = _movableBy(fromTokenId, to);
        _authorize(fromTokenId, t.owner, 0, false, ms);
        _checkMove(fromTokenId, t, v, value, mo, to, mt, _holderRoles());
        offerId = ++_offerCount;
        _offers[offerId] = Offer({
            from: t.owner,
            value: uint56(value), // ≤ the token's value (uint56), checked above
            status: OfferStatus.Open,
            to: to,
            fromTokenId: fromTokenId,
            newTokenId: 0
        });
        emit VoucherOffered(offerId, fromTokenId, to, t.owner, value);
    }

    /// @inheritdoc IVoucherLedger
    function acceptOffer(uint256 offerId) external returns (uint256 newTokenId) {
        Offer storage o = _openOffer(offerId, true);
        uint256 fromTokenId = o.fromTokenId;
        (Token memory t, Voucher storage v, IConsortium.Member memory mo, IConsortium.Member memory mt, ) = _movable(
            fromTokenId,
            msg.sender,
            0
        );
        if (t.owner != o.from) revert VoucherNotOwner(fromTokenId, t.owner, o.from);
        o.status = OfferStatus.Accepted;
        newTokenId = _split(fromTokenId, t, v, msg.sender, o.value, false, mo, mt);
        o.newTokenId = newTokenId;
        emit VoucherOfferAccepted(offerId, newTokenId);
        _checkOnERC3525Received(msg.sender, fromTokenId, newTokenId, o.value);
    }

    /// @inheritdoc IVoucherLedger
    function rejectOffer(uint256 offerId) external {
        _openOffer(offerId, true).status = OfferStatus.Rejected;
        emit VoucherOfferRejected(offerId);
    }

    /// @inheritdoc IVoucherLedger
    function cancelOffer(uint256 offerId) external {
        _openOffer(offerId, false).status = OfferStatus.Cancelled;
        emit VoucherOfferCancelled(offerId);
    }

    /// @inheritdoc IVoucherLedger
    function merge(uint256 fromTokenId, uint256 toTokenId) external {
        (Token memory t, , IConsortium.Member memory mo, , IConsortium.Member memory ms) = _movableBy(
            fromTokenId,
            address(0)
        );
        Token memory d = _liveSibling(fromTokenId, toTokenId);
        if (d.owner != t.owner) revert VoucherNotOwner(toTokenId, d.owner, t.owner);
        _authorize(fromTokenId, t.owner, 0, false, ms);
        _check(t.owner, mo, _ANY_ROLE);
        _updateValue(fromTokenId, toTokenId, t.value);
        _tokens[fromTokenId].status = TokenStatus.Merged;
        unchecked {
            --_balances[t.owner]; // the owner held fromTokenId, so its count is ≥ 1
        }
        uint256 slotId = fromTokenId >> _LOCAL_BITS;
        // the burn, in the reference implementation's order: its value (0, all moved out above), slot, owner
        emit TransferValue(fromTokenId, 0, 0);
        emit SlotChanged(fromTokenId, slotId, 0);
        emit Transfer(t.owner, address(0), fromTokenId);
        emit VoucherMerged(slotId, fromTokenId, toTokenId, t.owner, t.value);
    }

    // ───────────────────────────── ERC-721 ─────────────────────────────

    /// @inheritdoc IERC721
    /// @dev Moves the whole token with the checks of `split` (refused when the voucher's receivers must accept).
    function transferFrom(address from, address to, uint256 tokenId) public {
        (
            Token memory t,
            Voucher storage v,
            IConsortium.Member memory mo,
            IConsortium.Member memory mt,
            IConsortium.Member memory ms
        ) = _movableBy(tokenId, to);
        if (v.needsAcceptance) revert VoucherAcceptanceRequired(tokenId >> _LOCAL_BITS);
        if (t.owner != from) revert VoucherNotOwner(tokenId, t.owner, from);
        _authorize(tokenId, from, 0, false, ms);
        _checkParties(from, mo, to, mt, _holderRoles());
        _transferToken(tokenId, from, to);
    }

    /// @inheritdoc IERC721
    function safeTransferFrom(address from, address to, uint256 tokenId) external {
        safeTransferFrom(from, to, tokenId, "");
    }

    /// @inheritdoc IERC721
    /// @dev The receiver hook as OpenZeppelin's `ERC721Utils.checkOnERC721Received`: a contract receiver that
    /// answers anything else, or reverts without a reason, is refused with `ERC721InvalidReceiver(to)`; a
    /// receiver's own revert reason is passed on as it is.
    function safeTransferFrom(address from, address to, uint256 tokenId, bytes memory data) public {
        transferFrom(from, to, tokenId);
        ERC721Utils.checkOnERC721Received(msg.sender, from, to, tokenId, data);
    }

    /// @inheritdoc IERC721
    /// @dev The caller must be an active member of a holder role; `to` is checked when it spends the approval.
    function approve(address to, uint256 tokenId) external {
        Token memory t = _existing(tokenId);
        if (msg.sender != t.owner && !_operators[t.owner][msg.sender]) revert VoucherNotAuthorized(tokenId, msg.sender);
        _caller(_holderRoles());
        if (to == t.owner) revert VoucherInvalidOperator(to);
        _approvals[tokenId].approved = to;
        emit Approval(t.owner, to, tokenId);
    }

    /// @inheritdoc IERC721
    /// @dev The caller must be an active member (the regulator and outsiders change nothing).
    function setApprovalForAll(address operator, bool approved) external {
        _caller(_holderRoles());
        if (operator == msg.sender || operator == address(0)) revert VoucherInvalidOperator(operator);
        _operators[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert VoucherZeroAddress();
        return _balances[owner];
    }

    /// @inheritdoc IERC721
    function ownerOf(uint256 tokenId) external view returns (address) {
        return _existing(tokenId).owner;
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 tokenId) external view returns (address) {
        _existing(tokenId);
        return _approvals[tokenId].approved;
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address owner, address operator) external view returns (bool) {
        return _operators[owner][operator];
    }

    // ───────────────────────────── ERC-3525 ─────────────────────────────

    /// @inheritdoc IERC3525
    /// @dev The caller must be an active member of a holder role; `operator` is checked when it spends.
    function approve(uint256 tokenId, address operator, uint256 value) external {
        Token memory t = _existing(tokenId);
        if (operator == t.owner || operator == address(0)) revert VoucherInvalidOperator(operator);
        TokenApproval storage a = _approvals[tokenId];
        if (msg.sender != t.owner && !_operators[t.owner][msg.sender] && a.approved != msg.sender) {
            revert VoucherNotAuthorized(tokenId, msg.sender);
        }
        _caller(_holderRoles());
        a.valueApproved = true;
        _allowances[tokenId][a.epoch][operator] = value;
        emit ApprovalValue(tokenId, operator, value);
    }

    /// @inheritdoc IERC3525
    function allowance(uint256 tokenId, address operator) external view returns (uint256) {
        _existing(tokenId);
        return _allowances[tokenId][_approvals[tokenId].epoch][operator];
    }

    /// @inheritdoc IERC3525
    /// @dev 2: value is fen.
    function valueDecimals() external pure returns (uint8) {
        return 2;
    }

    /// @inheritdoc IERC3525
    /// @dev Cleared tokens keep their value (what was paid); merged tokens are burned.
    function balanceOf(uint256 tokenId) external view returns (uint256) {
        return _existing(tokenId).value;
    }

    /// @inheritdoc IERC3525
    function slotOf(uint256 tokenId) external view returns (uint256) {
        _existing(tokenId);
        return tokenId >> _LOCAL_BITS;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return
            interfaceId == type(IERC165).interfaceId ||
            interfaceId == type(IERC721).interfaceId ||
            interfaceId == type(IERC721Metadata).interfaceId ||
            interfaceId == type(IERC3525).interfaceId ||
            interfaceId == type(IERC3525Metadata).interfaceId;
    }

    // ───────────────────────────── metadata ─────────────────────────────

    /// @inheritdoc IERC721Metadata
    function name() external pure returns (string memory) {
        return "E-Receivable Voucher";
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external pure returns (string memory) {
        return "ERV";
    }

    /// @inheritdoc IERC721Metadata
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        _existing(tokenId);
        return metadata.tokenURI(this, tokenId);
    }

    /// @inheritdoc IERC3525Metadata
    function contractURI() external view returns (string memory) {
        return metadata.contractURI();
    }

    /// @inheritdoc IERC3525Metadata
    function slotURI(uint256 slot) external view returns (string memory) {
        _voucher(slot);
        return metadata.slotURI(this, slot);
    }

    // ───────────────────────────── pledge (质押) ─────────────────────────────

    /// @inheritdoc IVoucherLedger
    function pledge(uint256 tokenId, address lender) external {
        (Token memory t, , IConsortium.Member memory mo, IConsortium.Member memory ml, ) = _movable(tokenId, lender, 0);
        if (msg.sender != t.owner) revert VoucherNotOwner(tokenId, t.owner, msg.sender);
        _checkParties(msg.sender, mo, lender, ml, _FINANCIER_ROLES);
        _tokens[tokenId].status = TokenStatus.Pledged;
        _pledgees[tokenId] = lender;
        emit VoucherPledged(tokenId, msg.sender, lender);
    }

    /// @inheritdoc IVoucherLedger
    function releasePledge(uint256 tokenId) external {
        _requireActive(msg.sender);
        address lender = _pledgees[tokenId];
        if (lender == address(0) || msg.sender != lender) revert VoucherNotPledgee(tokenId, msg.sender, lender);
        delete _pledgees[tokenId];
        Token storage t = _tokens[tokenId];
        if (t.status == TokenStatus.Pledged) t.status = TokenStatus.Live; // a frozen token stays frozen
        emit VoucherPledgeReleased(tokenId, lender);
    }

    // ───────────────────────────── repayment and clearing (到期清分) ─────────────────────────────

    /// @inheritdoc IVoucherLedger
    function repay(uint256 slotId) external {
        Voucher storage v = _voucher(slotId);
        VoucherStatus s = v.state;
        if (s != VoucherStatus.Active && s != VoucherStatus.Defaulted) revert VoucherNotRepayable(slotId, s);
        address payer = v.payer;
        if (msg.sender != payer) revert VoucherNotPayer(slotId, msg.sender, payer);
        uint256 face = v.face;
        uint256 nowTime = _now();
        v.state = VoucherStatus.Repaid;
        v.repaidAt = uint40(nowTime);
        unchecked {
            _outstanding[payer] -= face; // the face was added at issuance and leaves once (here or at rejection)
        }
        emit VoucherRepaid(slotId, payer, face, nowTime > v.maturity);
        ecny.systemTransferFrom(payer, address(this), face);
    }

    /// @inheritdoc IVoucherLedger
    function clear(uint256 slotId, uint256 maxTokens) external returns (uint256 paidCount, bool done) {
        Voucher storage v = _clearable(slotId, _caller(_holderRoles()));
        if (maxTokens == 0) revert VoucherZeroMaxTokens();
        uint256 count = v.tokenCount;
        uint256 cursor = v.clearCursor;
        uint256 end = count - cursor > maxTokens ? cursor + maxTokens : count;
        done = end == count;
        if (end == cursor) return (0, done);
        v.clearCursor = uint24(end); // ≤ tokenCount (uint24)

        (address[] memory holders, uint256[] memory amounts, uint256[] memory ids) = _collect(slotId, cursor, end);
        if (holders.length == 0) {
            emit VoucherClearingProgressed(slotId, end, 0, 0);
            return (0, done);
        }
        // e-CNY is project code that makes no call back into this ledger.
        (bool[] memory paid, uint256 total) = ecny.distribute(holders, amounts);
        for (uint256 i; i < ids.length; ++i) {
            if (paid[i]) {
                unchecked {
                    ++paidCount; // ≤ ids.length
                }
                emit VoucherTokenPaid(ids[i], holders[i], amounts[i]);
            } else {
                _tokens[ids[i]].status = TokenStatus.Unclaimed;
                emit VoucherTokenUnclaimed(ids[i], holders[i], amounts[i]);
            }
        }
        emit VoucherClearingProgressed(slotId, end, paidCount, total);
        _addCleared(slotId, v, total);
    }

    /// @inheritdoc IVoucherLedger
    function claim(uint256 tokenId) external returns (uint256 amount) {
        uint256 nowTime = _caller(_holderRoles());
        Token memory t = _tokens[tokenId];
        if (t.status != TokenStatus.Live && t.status != TokenStatus.Pledged && t.status != TokenStatus.Unclaimed) {
            if (t.status == TokenStatus.None) revert VoucherUnknownToken(tokenId);
            revert VoucherTokenNotClaimable(tokenId, t.status);
        }
        uint256 slotId = tokenId >> _LOCAL_BITS;
        Voucher storage v = _clearable(slotId, nowTime);
        amount = t.value;
        if (amount == 0) revert VoucherZeroValue();
        _tokens[tokenId].status = TokenStatus.Cleared;
        if (t.status == TokenStatus.Pledged) _lapsePledge(tokenId);
        _addCleared(slotId, v, amount);
        emit VoucherTokenPaid(tokenId, t.owner, amount);
        ecny.transfer(t.owner, amount);
    }

    /// @inheritdoc IVoucherLedger
    function declareDefault(uint256 slotId) external {
        uint256 nowTime = _caller(_holderRoles());
        Voucher storage v = _voucher(slotId);
        if (v.state != VoucherStatus.Active) revert VoucherNotActive(slotId, v.state);
        uint256 graceEnd = uint256(v.maturity) + uint256(_rules.overdueGraceDays) * 1 days;
        if (nowTime < graceEnd) revert VoucherGracePeriodNotOver(slotId, graceEnd, nowTime);
        v.state = VoucherStatus.Defaulted;
        v.defaultedAt = uint40(nowTime);
        emit VoucherDefaulted(slotId, v.payer, v.face, msg.sender);
    }

    // ───────────────────────────── financing module hooks ─────────────────────────────

    /// @inheritdoc IVoucherLedger
    function checkFinancing(
        uint256 tokenId,
        address holder,
        address financier,
        uint256 value
    ) external view returns (uint256 maturity) {
        (Token memory t, Voucher storage v, IConsortium.Member memory mh, IConsortium.Member memory mf, ) = _movable(
            tokenId,
            financier,
            0
        );
        if (t.owner != holder) revert VoucherNotOwner(tokenId, t.owner, holder);
        _checkMove(tokenId, t, v, value, mh, financier, mf, _FINANCIER_ROLES);
        return v.maturity;
    }

    /// @inheritdoc IVoucherLedger
    function financeSplit(
        uint256 tokenId,
        address holder,
        address financier,
        uint256 value
    ) external returns (uint256 newTokenId, uint256 maturity, uint256 time) {
        if (msg.sender != _financingModule) revert VoucherNotFinancingModule(msg.sender);
        // the financier's role first: the check the module made before calling in here
        (
            Token memory t,
            Voucher storage v,
            IConsortium.Member memory mh,
            IConsortium.Member memory mf,
            uint256 nowTime
        ) = _movable(tokenId, financier, _FINANCIER_ROLES);
        if (t.owner != holder) revert VoucherNotOwner(tokenId, t.owner, holder);
        newTokenId = _split(tokenId, t, v, financier, value, true, mh, mf);
        time = nowTime;
        maturity = v.maturity;
        _checkOnERC3525Received(financier, tokenId, newTokenId, value);
    }

    /// @inheritdoc IVoucherLedger
    function recourseTransfer(uint256 tokenId, address financier, address seller) external returns (uint256 value) {
        if (msg.sender != _financingModule) revert VoucherNotFinancingModule(msg.sender);
        Token memory t = _tokens[tokenId];
        if (t.status != TokenStatus.Live) {
            if (t.status == TokenStatus.None) revert VoucherUnknownToken(tokenId);
            revert VoucherTokenNotLive(tokenId, t.status);
        }
        uint256 slotId = tokenId >> _LOCAL_BITS;
        VoucherStatus s = _vouchers[slotId].state;
        if (s != VoucherStatus.Defaulted) revert VoucherNotDefaulted(slotId, s);
        if (t.owner != financier) revert VoucherNotOwner(tokenId, t.owner, financier);
        _transferToken(tokenId, financier, seller);
        return t.value;
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IVoucherLedger
    function voucherOf(uint256 slotId) external view returns (VoucherView memory r) {
        Voucher storage v = _voucher(slotId);
        r.slotId = slotId;
        r.payer = v.payer;
        r.payee = v.payee;
        r.face = v.face;
        r.issuedAt = v.issuedAt;
        r.maturity = v.maturity;
        r.tradeHash = v.tradeHash;
        r.status = v.state;
        if (r.status == VoucherStatus.Active && _now() > r.maturity) r.status = VoucherStatus.Overdue;
        r.tokenCount = v.tokenCount;
        r.cleared = v.cleared;
        r.repaid = v.state == VoucherStatus.Repaid || v.state == VoucherStatus.Cleared;
        r.minSplitUnit = v.minSplitUnit;
        r.transfersNeedAcceptance = v.needsAcceptance;
        r.clearCursor = v.clearCursor;
        r.repaidAt = v.repaidAt;
        r.defaultedAt = v.defaultedAt;
    }

    /// @inheritdoc IVoucherLedger
    function tokenOf(uint256 tokenId) external view returns (TokenView memory) {
        Token memory t = _tokens[tokenId];
        if (t.status == TokenStatus.None) revert VoucherUnknownToken(tokenId);
        return _view(tokenId, t);
    }

    /// @inheritdoc IVoucherLedger
    function tokensOfVoucher(
        uint256 slotId,
        uint256 offset,
        uint256 limit
    ) external view returns (TokenView[] memory page) {
        uint256 count = _voucher(slotId).tokenCount;
        uint256 n = offset >= count ? 0 : count - offset;
        if (n > limit) n = limit;
        page = new TokenView[](n);
        uint256 base = slotId << _LOCAL_BITS;
        for (uint256 i; i < n; ++i) {
            uint256 tokenId = base | (offset + i + 1);
            page[i] = _view(tokenId, _tokens[tokenId]);
        }
    }

    /// @inheritdoc IVoucherLedger
    function outstandingOf(address issuer) external view returns (uint256) {
        return _outstanding[issuer];
    }

    /// @inheritdoc IVoucherLedger
    function creditLineOf(address issuer) external view returns (CreditLine memory) {
        Line memory line = _lines[issuer];
        return CreditLine(line.bank, line.limit, _outstanding[issuer]);
    }

    /// @inheritdoc IVoucherLedger
    function offerOf(uint256 offerId) external view returns (Offer memory) {
        return _offers[offerId];
    }

    /// @inheritdoc IVoucherLedger
    function offerCount() external view returns (uint256) {
        return _offerCount;
    }

    /// @inheritdoc IVoucherLedger
    function voucherCount() external view returns (uint256) {
        return _voucherCount;
    }

    /// @inheritdoc IVoucherLedger
    function voucherOfTrade(bytes32 tradeHash) external view returns (uint256) {
        return _voucherOfTrade[tradeHash];
    }

    /// @inheritdoc IVoucherLedger
    function rules() external view returns (Rules memory) {
        return _rules;
    }

    /// @inheritdoc IVoucherLedger
    function financingModule() external view returns (address) {
        return _financingModule;
    }

    // ───────────────────────────── internals: value and tokens ─────────────────────────────

    /// @dev The one path of every value change. Moves `value` fen from `fromTokenId` to `toTokenId`, two
    /// different tokens of one voucher; `fromTokenId == 0` mints the face into token 1 at acceptance.
    function _updateValue(uint256 fromTokenId, uint256 toTokenId, uint256 value) private {
        if (fromTokenId != 0) {
            Token storage f = _tokens[fromTokenId];
            uint256 balance = f.value;
            if (value > balance) revert VoucherValueExceedsBalance(fromTokenId, balance, value);
            unchecked {
                f.value = uint56(balance - value); // value ≤ balance checked above
            }
        }
        Token storage t = _tokens[toTokenId];
        unchecked {
            // Σ values of a voucher's tokens == face ≤ uint56 max, and both tokens belong to one voucher
            t.value = uint56(t.value + value);
        }
        emit TransferValue(fromTokenId, toTokenId, value);
    }

    /// @dev Creates token `tokenId` (value 0) for `owner`.
    function _mint(uint256 tokenId, address owner, uint24 parent, uint8 tier) private {
        _tokens[tokenId] = Token({owner: owner, value: 0, parent: parent, tier: tier, status: TokenStatus.Live});
        unchecked {
            ++_balances[owner]; // bounded by the number of tokens ever minted
        }
        emit Transfer(address(0), owner, tokenId);
        emit SlotChanged(tokenId, 0, tokenId >> _LOCAL_BITS);
    }

    /// @dev Splits `value` of the movable token `t` into a new token of `to`. The caller has checked that
    /// `t` may move (`_movable`) and its own authority; this checks the value and both members (`mo` of the
    /// owner, `mt` of `to`).
    function _split(
        uint256 fromTokenId,
        Token memory t,
        Voucher storage v,
        address to,
        uint256 value,
        bool sameTier,
        IConsortium.Member memory mo,
        IConsortium.Member memory mt
    ) private returns (uint256 newTokenId) {
        _checkMove(fromTokenId, t, v, value, mo, to, mt, _holderRoles());
        uint256 slotId = fromTokenId >> _LOCAL_BITS;
        uint256 local = uint256(v.tokenCount) + 1;
        if (local > type(uint24).max) revert VoucherTooManyTokens(slotId);
        uint256 tier = sameTier ? t.tier : uint256(t.tier) + 1;
        if (tier > type(uint8).max) revert VoucherTierTooDeep(fromTokenId);
        v.tokenCount = uint24(local);
        newTokenId = (slotId << _LOCAL_BITS) | local;
        // the parent's local index is < tokenCount ≤ uint24 max
        _mint(newTokenId, to, uint24(fromTokenId & type(uint24).max), uint8(tier));
        // minted empty, as the reference implementation's split mints (indexers that follow the standard
        // see every token's value minted), then the value moves in
        emit TransferValue(0, newTokenId, 0);
        _updateValue(fromTokenId, newTokenId, value);
        emit VoucherSplit(slotId, fromTokenId, newTokenId, t.owner, to, value, tier);
    }

    function _splitByCaller(uint256 fromTokenId, address to, uint256 value) private returns (uint256 newTokenId) {
        (
            Token memory t,
            Voucher storage v,
            IConsortium.Member memory mo,
            IConsortium.Member memory mt,
            IConsortium.Member memory ms
        ) = _movableBy(fromTokenId, to);
        if (v.needsAcceptance) revert VoucherAcceptanceRequired(fromTokenId >> _LOCAL_BITS);
        _authorize(fromTokenId, t.owner, value, true, ms);
        newTokenId = _split(fromTokenId, t, v, to, value, false, mo, mt);
        _checkOnERC3525Received(to, fromTokenId, newTokenId, value);
    }

    /// @dev Hands the whole token to `to`; clears its ERC-721 approval and retires its value allowances.
    function _transferToken(uint256 tokenId, address from, address to) private {
        _tokens[tokenId].owner = to;
        unchecked {
            --_balances[from]; // from held tokenId
            ++_balances[to]; // bounded by the number of tokens ever minted
        }
        TokenApproval memory a = _approvals[tokenId];
        if (a.approved != address(0) || a.valueApproved) {
            unchecked {
                _approvals[tokenId] = TokenApproval(address(0), a.epoch + 1, false); // 2^88 transfers never happen
            }
        }
        emit Transfer(from, to, tokenId);
    }

    /// @dev Pass 1 of a clearing page: collects the payable tokens among local indices (cursor, end], marks
    /// them Cleared (pass 2 re-marks the ones e-CNY could not pay) and lets their pledges lapse.
    function _collect(
        uint256 slotId,
        uint256 cursor,
        uint256 end
    ) private returns (address[] memory holders, uint256[] memory amounts, uint256[] memory ids) {
        uint256 n = end - cursor;
        holders = new address[](n);
        amounts = new uint256[](n);
        ids = new uint256[](n);
        uint256 base = slotId << _LOCAL_BITS;
        uint256 k;
        for (uint256 local = cursor + 1; local <= end; ++local) {
            uint256 tokenId = base | local;
            Token storage s = _tokens[tokenId];
            Token memory t = s;
            if (t.value == 0) continue;
            if (t.status != TokenStatus.Live) {
                if (t.status != TokenStatus.Pledged) continue;
                _lapsePledge(tokenId);
            }
            s.status = TokenStatus.Cleared;
            holders[k] = t.owner;
            amounts[k] = t.value;
            ids[k] = tokenId;
            unchecked {
                ++k; // ≤ n
            }
        }
        assembly ("memory-safe") {
            // shorten the three arrays to the k entries written (never lengthens them)
            mstore(holders, k)
            mstore(amounts, k)
            mstore(ids, k)
        }
    }

    function _addCleared(uint256 slotId, Voucher storage v, uint256 amount) private {
        // each token is paid once and Σ token values == face, so cleared ≤ face (uint56)
        uint256 cleared = uint256(v.cleared) + amount;
        v.cleared = uint56(cleared);
        if (cleared == v.face) {
            v.state = VoucherStatus.Cleared;
            emit VoucherCleared(slotId, cleared);
        }
    }

    function _lapsePledge(uint256 tokenId) private {
        emit VoucherPledgeReleased(tokenId, _pledgees[tokenId]);
        delete _pledgees[tokenId];
    }

    // ───────────────────────────── internals: checks ─────────────────────────────

    /// @dev A Live token of an Active voucher before maturity: the precondition of every move. Makes the
    /// transaction's one call to the registry: `mo` is the member of the token's owner and `mx` of `other`
    /// (the other party of the move; zero: none), for the caller's checks, `nowTime` the project time. A
    /// non-zero `otherFirstRoles` checks `other` against it before anything else.
    function _movable(
        uint256 tokenId,
        address other,
        uint256 otherFirstRoles
    )
        private
        view
        returns (
            Token memory t,
            Voucher storage v,
            IConsortium.Member memory mo,
            IConsortium.Member memory mx,
            uint256 nowTime
        )
    {
        t = _tokens[tokenId];
        (mo, mx, , nowTime) = _context(t.owner, other, address(0));
        if (otherFirstRoles != 0) _check(other, mx, otherFirstRoles);
        v = _moving(tokenId, t, nowTime);
    }

    /// @dev `_movable` for a move the caller may make for the owner (`_authorize`): the same one registry call
    /// also returns `ms`, the caller's member when it is not the owner (an empty member when it is).
    function _movableBy(
        uint256 tokenId,
        address other
    )
        private
        view
        returns (
            Token memory t,
            Voucher storage v,
            IConsortium.Member memory mo,
            IConsortium.Member memory mx,
            IConsortium.Member memory ms
        )
    {
        t = _tokens[tokenId];
        uint256 nowTime;
        (mo, mx, ms, nowTime) = _context(t.owner, other, msg.sender == t.owner ? address(0) : msg.sender);
        v = _moving(tokenId, t, nowTime);
    }

    /// @dev The voucher of `t` (token `tokenId`), when `t` is Live and the voucher Active before maturity.
    function _moving(uint256 tokenId, Token memory t, uint256 nowTime) private view returns (Voucher storage v) {
        if (t.status != TokenStatus.Live) {
            if (t.status == TokenStatus.None) revert VoucherUnknownToken(tokenId);
            revert VoucherTokenNotLive(tokenId, t.status);
        }
        uint256 slotId = tokenId >> _LOCAL_BITS;
        v = _vouchers[slotId];
        if (v.state != VoucherStatus.Active) revert VoucherNotActive(slotId, v.state);
        if (nowTime >= v.maturity) revert VoucherMatured(slotId, v.maturity, nowTime);
    }

    /// @dev `toTokenId`: an existing, Live token of the same voucher as `fromTokenId`, not the same token.
    function _liveSibling(uint256 fromTokenId, uint256 toTokenId) private view returns (Token memory d) {
        d = _tokens[toTokenId];
        if (d.status == TokenStatus.None) revert VoucherUnknownToken(toTokenId);
        if (toTokenId >> _LOCAL_BITS != fromTokenId >> _LOCAL_BITS) revert VoucherSlotMismatch(fromTokenId, toTokenId);
        if (toTokenId == fromTokenId) revert VoucherSameToken(fromTokenId);
        if (d.status != TokenStatus.Live) revert VoucherTokenNotLive(toTokenId, d.status);
    }

    /// @dev The caller is the owner, an operator of the owner, the token's approved account or, when
    /// `useAllowance`, holds an ERC-3525 allowance of at least `value` (which it spends). A caller that is not
    /// the owner spends an approval: it must itself be an active member of a holder role (`ms`, its member
    /// from the transaction's one registry call), never the regulator or an outsider.
    function _authorize(
        uint256 tokenId,
        address owner,
        uint256 value,
        bool useAllowance,
        IConsortium.Member memory ms
    ) private {
        if (msg.sender == owner) return;
        if (!_operators[owner][msg.sender]) {
            TokenApproval memory a = _approvals[tokenId];
            if (a.approved != msg.sender) {
                uint256 allowed = useAllowance ? _allowances[tokenId][a.epoch][msg.sender] : 0;
                if (allowed == 0) revert VoucherNotAuthorized(tokenId, msg.sender);
                if (allowed < value) revert VoucherInsufficientAllowance(tokenId, msg.sender, allowed, value);
                if (allowed != type(uint256).max) {
                    unchecked {
                        allowed -= value; // allowed ≥ value checked above
                    }
                    _allowances[tokenId][a.epoch][msg.sender] = allowed;
                    emit ApprovalValue(tokenId, msg.sender, allowed);
                }
            }
        }
        _check(msg.sender, ms, _holderRoles());
    }

    function _checkValue(uint256 tokenId, uint256 minSplitUnit, uint256 balance, uint256 value) private pure {
        if (value == 0) revert VoucherZeroValue();
        if (value < minSplitUnit) revert VoucherBelowMinSplitUnit(tokenId >> _LOCAL_BITS, value, minSplitUnit);
        if (value > balance) revert VoucherValueExceedsBalance(tokenId, balance, value);
    }

    /// @dev `_checkValue` of moving `value` fen of the token `t` (of the voucher `v`) to `to`, then
    /// `_checkParties` of its owner (member `mo`) and `to` (member `mt`).
    function _checkMove(
        uint256 tokenId,
        Token memory t,
        Voucher storage v,
        uint256 value,
        IConsortium.Member memory mo,
        address to,
        IConsortium.Member memory mt,
        uint256 toRoles
    ) private view {
        _checkValue(tokenId, v.minSplitUnit, t.value, value);
        _checkParties(t.owner, mo, to, mt, toRoles);
    }

    /// @dev `owner` (member `mo`) is active and `to` (member `mt`) may receive from it: not `owner` itself,
    /// an active member with a role in `toRoles`.
    function _checkParties(
        address owner,
        IConsortium.Member memory mo,
        address to,
        IConsortium.Member memory mt,
        uint256 toRoles
    ) private pure {
        _check(owner, mo, _ANY_ROLE);
        if (to == owner) revert VoucherSelfDealing(to);
        _check(to, mt, toRoles);
    }

    /// @dev The transaction's one call to the registry when only the caller is checked: reverts unless the
    /// caller is an active member with a role in `allowedRoles`; returns the project time.
    function _caller(uint256 allowedRoles) private view returns (uint256 nowTime) {
        IConsortium.Member memory m;
        (m, , , nowTime) = _context(msg.sender, address(0), address(0));
        _check(msg.sender, m, allowedRoles);
    }

    /// @dev A token that exists and is not burned (merged).
    function _existing(uint256 tokenId) private view returns (Token memory t) {
        t = _tokens[tokenId];
        if (t.status == TokenStatus.None || t.status == TokenStatus.Merged) revert VoucherUnknownToken(tokenId);
    }

    function _voucher(uint256 slotId) private view returns (Voucher storage v) {
        v = _vouchers[slotId];
        if (v.state == VoucherStatus.None) revert VoucherUnknownVoucher(slotId);
    }

    function _pending(uint256 slotId) private view returns (Voucher storage v) {
        v = _voucher(slotId);
        if (v.state != VoucherStatus.Pending) revert VoucherNotPending(slotId, v.state);
    }

    /// @dev A repaid voucher from maturity on (`nowTime`: the project time).
    function _clearable(uint256 slotId, uint256 nowTime) private view returns (Voucher storage v) {
        v = _voucher(slotId);
        if (v.state != VoucherStatus.Repaid) revert VoucherNotRepaid(slotId, v.state);
        if (nowTime < v.maturity) revert VoucherNotMatured(slotId, v.maturity, nowTime);
    }

    function _openOffer(uint256 offerId, bool byReceiver) private view returns (Offer storage o) {
        o = _offers[offerId];
        if (o.status != OfferStatus.Open) {
            if (o.status == OfferStatus.None) revert VoucherUnknownOffer(offerId);
            revert VoucherOfferNotOpen(offerId, o.status);
        }
        address party = byReceiver ? o.to : o.from;
        if (msg.sender != party) revert VoucherNotOfferParty(offerId, msg.sender, party);
    }

    /// @dev ERC-3525 receiver hook, for contracts that announce it through ERC-165.
    function _checkOnERC3525Received(address to, uint256 fromTokenId, uint256 toTokenId, uint256 value) private {
        if (to.code.length == 0) return;
        if (!ERC165Checker.supportsERC165InterfaceUnchecked(to, type(IERC3525Receiver).interfaceId)) return;
        bytes4 answer = IERC3525Receiver(to).onERC3525Received(msg.sender, fromTokenId, toTokenId, value, "");
        if (answer != IERC3525Receiver.onERC3525Received.selector) revert VoucherReceiverRejected(to, toTokenId);
    }

    function _view(uint256 tokenId, Token memory t) private view returns (TokenView memory r) {
        r.tokenId = tokenId;
        r.slotId = tokenId >> _LOCAL_BITS;
        r.owner = t.owner;
        r.value = t.value;
        if (t.parent != 0) r.parentTokenId = (r.slotId << _LOCAL_BITS) | t.parent;
        r.tier = t.tier;
        r.status = t.status;
        r.pledgee = _pledgees[tokenId];
    }
}
