// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IConsortium} from "../interfaces/IConsortium.sol";
import {IECNY} from "../interfaces/IECNY.sol";
import {IVoucherLedger} from "../interfaces/IVoucherLedger.sol";
import {IVoucherFinancing} from "../interfaces/IVoucherFinancing.sol";
import {ConsortiumGuarded} from "../access/ConsortiumGuarded.sol";

/// @title VoucherFinancing
/// @notice The financing module of the voucher ledger: financing requests, discounting, recourse.
/// @dev A registered system contract that the ledger trusts (`IVoucherLedger.setFinancingModule`); it holds no
/// money (the financier pays the seller directly through e-CNY's `systemTransferFrom`, and the seller pays
/// the financier likewise on recourse). Invariants:
///  - a request leaves `Open` exactly once (Approved, Rejected or Cancelled);
///  - an approved request created exactly one financier token of exactly `value` fen, and the seller received
///    exactly `value − discount` fen in the same transaction (discount by the rule in `IVoucherFinancing`);
///  - recourse runs at most once per financed token, only with recourse, only on a Defaulted voucher.
///  The token checks (Live, before maturity, value within rules and balance, members active) are the
///  ledger's, made when a request is made and again when it is approved; so are the financier's (an active
///  operator bank or micro-lender, not the holder): the ledger's hook makes the one call of each of these
///  transactions to the consortium, and `financeSplit` answers the project time the approval is priced at.
contract VoucherFinancing is IVoucherFinancing, ConsortiumGuarded {
    uint256 private constant _MAX_RATE_BPS = 10_000;
    /// @dev 10_000 bps × 365 days; half of it rounds half up.
    uint256 private constant _RATE_DENOMINATOR = 3_650_000;
    uint256 private constant _FINANCIER_ROLES =
        (1 << uint8(IConsortium.Role.OperatorBank)) | (1 << uint8(IConsortium.Role.MicroLender));

    IECNY public immutable ecny;
    IVoucherLedger public immutable ledger;

    /// @dev A request in two slots: what the holder asked (holder, value, rate, recourse, status), then whom
    /// and which token (financier, token id, and the local index of the financier's new token once approved:
    /// the new token is cut from the same voucher, so only its local index differs).
    struct StoredRequest {
        address holder;
        uint56 value;
        uint16 rateBps;
        bool recourse;
        RequestStatus status;
        address financier;
        uint72 tokenId;
        uint24 newLocal;
    }

    /// @dev A financing in one slot: what its request does not already hold.
    struct StoredFinancing {
        uint64 requestId;
        uint56 discount;
        uint16 days_;
        uint40 financedAt;
        bool recourseExercised;
    }

    /// @dev A token id is its voucher's slot id above the 32 bits of its local index (see the ledger).
    uint256 private constant _LOCAL_BITS = 32;

    mapping(uint256 requestId => StoredRequest) private _requests;
    mapping(uint256 tokenId => StoredFinancing) private _financings;
    uint256 private _requestCount;

    constructor(IConsortium consortium_, IECNY ecny_, IVoucherLedger ledger_) ConsortiumGuarded(consortium_) {
        ecny = ecny_;
        ledger = ledger_;
    }

    // ───────────────────────────── financing ─────────────────────────────

    /// @inheritdoc IVoucherFinancing
    function requestFinancing(
        uint256 tokenId,
        uint256 value,
        address financier,
        uint256 rateBps,
        bool recourse
    ) external returns (uint256 requestId) {
        if (rateBps > _MAX_RATE_BPS) revert VoucherRateTooHigh(rateBps, _MAX_RATE_BPS);
        // the token, the holder and the financier (not the holder, an active financier), with the one call of
        // the transaction to the consortium
        ledger.checkFinancing(tokenId, msg.sender, financier, value);
        requestId = ++_requestCount;
        _requests[requestId] = StoredRequest({
            holder: msg.sender,
            value: uint56(value), // ≤ the token's value (uint56), checked by the ledger
            rateBps: uint16(rateBps), // ≤ 10_000
            recourse: recourse,
            status: RequestStatus.Open,
            financier: financier,
            tokenId: uint72(tokenId), // an existing token (checked by the ledger): slot id < 2^40, local < 2^24
            newLocal: 0
        });
        emit VoucherFinancingRequested(requestId, tokenId, financier, msg.sender, value, rateBps, recourse);
    }

    /// @inheritdoc IVoucherFinancing
    function approveFinancing(uint256 requestId) external returns (uint256 newTokenId) {
        StoredRequest storage r = _open(requestId);
        address financier = r.financier;
        if (msg.sender != financier) revert VoucherNotFinancier(msg.sender, financier);
        r.status = RequestStatus.Approved;
        address seller = r.holder;
        uint256 value = r.value;
        uint256 tokenId = r.tokenId;
        uint256 maturity;
        uint256 nowTime;
        // the ledger checks the financier's role first, then the split, with the one call of the transaction to
        // the consortium, and answers the project time
        (newTokenId, maturity, nowTime) = ledger.financeSplit(tokenId, seller, financier, value);
        r.newLocal = uint24(newTokenId); // the ledger's local indices are < 2^24
        (uint256 discount, uint256 days_) = _quote(value, r.rateBps, maturity, nowTime);
        _financings[newTokenId] = StoredFinancing({
            requestId: uint64(requestId), // one per request transaction: < 2^64
            discount: uint56(discount), // ≤ value (uint56): see _discount
            days_: uint16(days_), // ≤ 365: maturity is at most 365 days after issuance, and now ≥ issuance
            financedAt: uint40(nowTime),
            recourseExercised: false
        });
        _emitFinanced(requestId, r, newTokenId, discount, days_);
        uint256 proceeds = value - discount;
        if (proceeds > 0) ecny.systemTransferFrom(financier, seller, proceeds);
    }

    /// @inheritdoc IVoucherFinancing
    function rejectFinancing(uint256 requestId) external {
        _requireActive(msg.sender);
        StoredRequest storage r = _open(requestId);
        if (msg.sender != r.financier) revert VoucherNotFinancier(msg.sender, r.financier);
        r.status = RequestStatus.Rejected;
        emit VoucherFinancingRejected(requestId, msg.sender);
    }

    /// @inheritdoc IVoucherFinancing
    function cancelFinancingRequest(uint256 requestId) external {
        _requireActive(msg.sender);
        StoredRequest storage r = _open(requestId);
        if (msg.sender != r.holder) revert VoucherNotRequester(requestId, msg.sender, r.holder);
        r.status = RequestStatus.Cancelled;
        emit VoucherFinancingCancelled(requestId, msg.sender);
    }

    /// @inheritdoc IVoucherFinancing
    function exerciseRecourse(uint256 tokenId) external {
        StoredFinancing storage f = _financings[tokenId];
        uint256 requestId = f.requestId;
        if (requestId == 0) revert VoucherNotFinanced(tokenId);
        StoredRequest storage r = _requests[requestId];
        address financier = r.financier;
        if (msg.sender != financier) revert VoucherNotFinancier(msg.sender, financier);
        if (!r.recourse) revert VoucherWithoutRecourse(tokenId);
        if (f.recourseExercised) revert VoucherRecourseAlreadyExercised(tokenId);
        _requireRole(msg.sender, _FINANCIER_ROLES);
        f.recourseExercised = true;
        address seller = r.holder;
        uint256 value = ledger.recourseTransfer(tokenId, financier, seller);
        emit VoucherRecourseExercised(tokenId, seller, financier, value);
        if (value > 0) ecny.systemTransferFrom(seller, financier, value);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IVoucherFinancing
    function financingOf(uint256 tokenId) external view returns (Financing memory f) {
        StoredFinancing memory s = _financings[tokenId];
        if (s.requestId == 0) return f;
        StoredRequest memory r = _requests[s.requestId];
        f = Financing({
            seller: r.holder,
            rateBps: r.rateBps,
            recourse: r.recourse,
            recourseExercised: s.recourseExercised,
            financedAt: s.financedAt,
            financier: r.financier,
            value: r.value,
            days_: s.days_,
            discount: s.discount,
            requestId: s.requestId
        });
    }

    /// @inheritdoc IVoucherFinancing
    function financingRequestOf(uint256 requestId) external view returns (FinancingRequest memory) {
        StoredRequest memory r = _requests[requestId];
        uint256 tokenId = r.tokenId;
        return
            FinancingRequest({
                holder: r.holder,
                value: r.value,
                rateBps: r.rateBps,
                recourse: r.recourse,
                status: r.status,
                financier: r.financier,
                tokenId: tokenId,
                newTokenId: r.newLocal == 0 ? 0 : ((tokenId >> _LOCAL_BITS) << _LOCAL_BITS) | r.newLocal
            });
    }

    /// @inheritdoc IVoucherFinancing
    function requestCount() external view returns (uint256) {
        return _requestCount;
    }

    /// @inheritdoc IVoucherFinancing
    function discountFor(uint256 value, uint256 rateBps, uint256 days_) external pure returns (uint256) {
        return _discount(value, rateBps, days_);
    }

    /// @inheritdoc IVoucherFinancing
    function quoteDiscount(
        uint256 value,
        uint256 rateBps,
        uint256 maturity
    ) external view returns (uint256 discount, uint256 days_) {
        return _quote(value, rateBps, maturity, _now());
    }

    // ───────────────────────────── internals ─────────────────────────────

    function _open(uint256 requestId) private view returns (StoredRequest storage r) {
        r = _requests[requestId];
        if (r.status != RequestStatus.Open) {
            if (r.status == RequestStatus.None) revert VoucherUnknownFinancingRequest(requestId);
            revert VoucherFinancingRequestNotOpen(requestId, r.status);
        }
    }

    /// @dev days = ceil((maturity − nowTime) / 1 day), 0 at or after maturity; discount by `_discount`.
    function _quote(
        uint256 value,
        uint256 rateBps,
        uint256 maturity,
        uint256 nowTime
    ) private pure returns (uint256 discount, uint256 days_) {
        if (maturity > nowTime) days_ = (maturity - nowTime + 1 days - 1) / 1 days;
        discount = _discount(value, rateBps, days_);
    }

    /// @dev round_half_up(value × rateBps × days / 3_650_000). With rateBps ≤ 10_000 and days ≤ 365 (the term
    /// rule) it is ≤ value; the cap only matters for `discountFor` called with more than 365 days.
    function _discount(uint256 value, uint256 rateBps, uint256 days_) private pure returns (uint256 d) {
        d = (value * rateBps * days_ + _RATE_DENOMINATOR / 2) / _RATE_DENOMINATOR;
        if (d > value) d = value;
    }

    function _emitFinanced(
        uint256 requestId,
        StoredRequest storage r,
        uint256 newTokenId,
        uint256 discount,
        uint256 days_
    ) private {
        uint256 tokenId = r.tokenId;
        emit VoucherFinanced(
            requestId,
            tokenId >> _LOCAL_BITS,
            tokenId,
            newTokenId,
            r.holder,
            r.financier,
            r.value,
            discount,
            r.rateBps,
            days_,
            r.recourse
        );
    }
}
