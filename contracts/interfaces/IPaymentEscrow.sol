// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Programmable payments (可编程支付) in e-CNY.
/// @notice Pay on delivery (货到自动付款): a buyer locks e-CNY for an order; the named logistics
/// member's confirmation of delivery pays the seller in the same transaction; after the deadline
/// without delivery any member (not the regulator) may return the money to the buyer. Never both, never twice.
/// Scheduled payment: money locked for a payee and a due time, released by any member once due.
interface IPaymentEscrow {
    enum Status {
        None,
        Open,
        Released,
        Refunded
    }

    struct Order {
        address buyer;
        uint40 deadline;
        Status status;
        address seller;
        uint96 amount;
        address logistics;
        uint40 createdAt;
        uint40 settledAt;
        bytes32 deliveryRef;
    }

    struct Scheduled {
        address payer;
        uint40 dueAt;
        Status status;
        address payee;
        uint96 amount;
        bytes32 ref;
    }

    // ───────────────────────────── errors ─────────────────────────────

    error EscrowZeroAmount();
    error EscrowAmountTooLarge(uint256 amount);
    error EscrowSelfPayment(address account);
    error EscrowDeadlineNotInFuture(uint256 deadline, uint256 nowTime);
    error EscrowUnknownOrder(uint256 orderId);
    error EscrowUnknownSchedule(uint256 scheduleId);
    error EscrowNotOpen(uint256 id, Status status);
    error EscrowNotOrderLogistics(uint256 orderId, address caller, address logistics);
    error EscrowDeliveryRefMismatch(uint256 orderId, bytes32 expected, bytes32 given);
    error EscrowDeadlinePassed(uint256 orderId, uint256 deadline, uint256 nowTime);
    error EscrowDeadlineNotReached(uint256 orderId, uint256 deadline, uint256 nowTime);
    error EscrowNotDue(uint256 scheduleId, uint256 dueAt, uint256 nowTime);

    // ───────────────────────────── events ─────────────────────────────

    /// @param amount fen locked by the buyer.
    event OrderLocked(
        uint256 indexed orderId,
        address indexed buyer,
        address indexed seller,
        address logistics,
        uint256 amount,
        bytes32 deliveryRef,
        uint256 deadline
    );
    /// @notice Delivery confirmed and the seller paid, in one transaction.
    /// @param deliveredAt project time of the confirmation (the payment has the same time).
    event DeliveryConfirmed(
        uint256 indexed orderId,
        address indexed logistics,
        address indexed seller,
        uint256 amount,
        uint256 deliveredAt
    );
    event OrderRefunded(uint256 indexed orderId, address indexed buyer, uint256 amount, uint256 refundedAt);
    event PaymentScheduled(
        uint256 indexed scheduleId,
        address indexed payer,
        address indexed payee,
        uint256 amount,
        uint256 dueAt,
        bytes32 ref
    );
    event ScheduledPaymentReleased(
        uint256 indexed scheduleId,
        address indexed payee,
        uint256 amount,
        uint256 releasedAt,
        address by
    );

    // ───────────────────────────── pay on delivery ─────────────────────────────

    function lockForDelivery(
        address seller,
        uint256 amount,
        bytes32 deliveryRef,
        uint256 deadline,
        address logistics
    ) external returns (uint256 orderId);
    function confirmDelivery(uint256 orderId, bytes32 deliveryRef) external;
    function refund(uint256 orderId) external;

    // ───────────────────────────── scheduled payments ─────────────────────────────

    function schedulePayment(
        address payee,
        uint256 amount,
        uint256 dueAt,
        bytes32 ref
    ) external returns (uint256 scheduleId);
    function releaseScheduled(uint256 scheduleId) external;

    // ───────────────────────────── views ─────────────────────────────

    function orderOf(uint256 orderId) external view returns (Order memory);
    function scheduleOf(uint256 scheduleId) external view returns (Scheduled memory);
    function orderCount() external view returns (uint256);
    function scheduleCount() external view returns (uint256);
    /// @notice Σ amounts of open orders and open scheduled payments, in fen.
    function lockedTotal() external view returns (uint256);
}
