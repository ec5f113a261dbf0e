// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Voucher financing (融资 / 保理 / 贴现) and recourse (追索).
/// @notice A holder asks an operator bank or micro-lender to buy part of its voucher token at a discount;
/// when the financier approves, in ONE transaction the financier pays the holder `value − discount` in
/// e-CNY and receives a new token of `value` fen (parent = the financed token, tier = the parent's tier:
/// a bank's piece is not a deeper supplier tier). At maturity the financier is cleared like any holder.
///
/// Discount (贴现息), fixed at approval: `days = ceil((maturity − now) / 1 day)` and
/// `discount = round_half_up(value × rateBps × days / (10_000 × 365))`
/// `= (value × rateBps × days + 1_825_000) / 3_650_000` fen.
/// Example: ¥5,000,000 at 365 bps 90 days before maturity → discount ¥45,000, proceeds ¥4,955,000.
///
/// With recourse (有追索权保理), if the voucher defaults unpaid, the financier still holding the financed token
/// may exercise recourse: the seller pays the financier the token's value (the seller consented on chain
/// when it asked for recourse financing) and gets the token back, i.e. the claim on the payer.
///
/// Request lifecycle: `requestFinancing` ─► Open ─approveFinancing─► Approved
///                                               ├─rejectFinancing─► Rejected
///                                               └─cancelFinancingRequest─► Cancelled
interface IVoucherFinancing {
    enum RequestStatus {
        None,
        Open,
        Approved,
        Rejected,
        Cancelled
    }

    /// @notice A financing request. `value` in fen; `rateBps` a yearly discount rate in basis points.
    struct FinancingRequest {
        address holder;
        uint56 value;
        uint16 rateBps;
        bool recourse;
        RequestStatus status;
        address financier;
        uint256 tokenId;
        uint256 newTokenId;
    }

    /// @notice The record of a financed token (keyed by the financier's new token).
    /// @param seller the holder who sold the piece. @param value fen bought. @param discount fen kept by
    /// the financier. @param days days to maturity counted. @param recourseExercised true once recourse ran.
    struct Financing {
        address seller;
        uint16 rateBps;
        bool recourse;
        bool recourseExercised;
        uint40 financedAt;
        address financier;
        uint56 value;
        uint16 days_;
        uint56 discount;
        uint256 requestId;
    }

    // ───────────────────────────── errors ─────────────────────────────

    error VoucherUnknownFinancingRequest(uint256 requestId);
    error VoucherFinancingRequestNotOpen(uint256 requestId, RequestStatus status);
    /// @notice The caller is not the financier (`financier`) named in the request or record.
    error VoucherNotFinancier(address caller, address financier);
    error VoucherNotRequester(uint256 requestId, address caller, address holder);
    error VoucherRateTooHigh(uint256 rateBps, uint256 maxBps);
    error VoucherNotFinanced(uint256 tokenId);
    error VoucherWithoutRecourse(uint256 tokenId);
    error VoucherRecourseAlreadyExercised(uint256 tokenId);

    // ───────────────────────────── events ─────────────────────────────

    /// @param value fen asked for; @param rateBps yearly discount rate in basis points.
    event VoucherFinancingRequested(
        uint256 indexed requestId,
        uint256 indexed tokenId,
        address indexed financier,
        address holder,
        uint256 value,
        uint256 rateBps,
        bool recourse
    );
    /// @notice The financier paid `value − discount` fen to `seller` and received `newTokenId` of `value` fen.
    event VoucherFinanced(
        uint256 indexed requestId,
        uint256 indexed slotId,
        uint256 fromTokenId,
        uint256 indexed newTokenId,
        address seller,
        address financier,
        uint256 value,
        uint256 discount,
        uint256 rateBps,
        uint256 days_,
        bool recourse
    );
    event VoucherFinancingRejected(uint256 indexed requestId, address indexed financier);
    event VoucherFinancingCancelled(uint256 indexed requestId, address indexed holder);
    /// @notice The seller paid the financier `value` fen and took `tokenId` back.
    event VoucherRecourseExercised(
        uint256 indexed tokenId,
        address indexed seller,
        address indexed financier,
        uint256 value
    );

    // ───────────────────────────── API ─────────────────────────────

    /// @notice The owner of `tokenId` asks `financier` (an active operator bank or micro-lender) to buy
    /// `value` fen of it at `rateBps` (≤ 10,000) per year, with or without recourse. The token is checked
    /// now (Live, before maturity, value within the rules) and again at approval; nothing is locked.
    /// @return requestId the request.
    function requestFinancing(
        uint256 tokenId,
        uint256 value,
        address financier,
        uint256 rateBps,
        bool recourse
    ) external returns (uint256 requestId);

    /// @notice The financier approves: pays the proceeds and receives the new token, in one transaction.
    /// @return newTokenId the financier's token.
    function approveFinancing(uint256 requestId) external returns (uint256 newTokenId);

    /// @notice The financier declines an open request.
    function rejectFinancing(uint256 requestId) external;

    /// @notice The holder withdraws an open request.
    function cancelFinancingRequest(uint256 requestId) external;

    /// @notice The financier of a recourse financing, still holding the (Live) financed token of a Defaulted
    /// voucher, makes the seller pay the token's value and hands the token back to the seller.
    function exerciseRecourse(uint256 tokenId) external;

    // ───────────────────────────── views ─────────────────────────────

    /// @notice The financing record of a financier's token (zero when the token was not bought by financing).
    function financingOf(uint256 tokenId) external view returns (Financing memory);

    function financingRequestOf(uint256 requestId) external view returns (FinancingRequest memory);

    function requestCount() external view returns (uint256);

    /// @notice The discount rule on explicit inputs: `(value × rateBps × days + 1_825_000) / 3_650_000`.
    function discountFor(uint256 value, uint256 rateBps, uint256 days_) external pure returns (uint256);

    /// @notice The discount and day count financing `value` fen at `rateBps` would get now for a voucher
    /// maturing at `maturity` (days rounded up; 0 days at or after maturity).
    function quoteDiscount(
        uint256 value,
        uint256 rateBps,
        uint256 maturity
    ) external view returns (uint256 discount, uint256 days_);
}
