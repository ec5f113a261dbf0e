// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IConsortium} from "../interfaces/IConsortium.sol";
import {IECNY} from "../interfaces/IECNY.sol";
import {IPaymentEscrow} from "../interfaces/IPaymentEscrow.sol";
import {ConsortiumGuarded} from "../access/ConsortiumGuarded.sol";

/// @title PaymentEscrow
/// @notice Pay on delivery and scheduled payments, holding e-CNY in its system wallet.
/// @dev Invariants:
///  - e-CNY balance of this contract == lockedTotal == Σ amounts of Open orders and schedules;
///  - an order or schedule leaves `Open` exactly once, to `Released` or `Refunded`, never both;
///  - an order is released only by its logistics member, with its delivery reference, before its
///    deadline; refunded only from its deadline on.
///  The buyer's and payer's wallet caps apply when money is locked (that is their payment); the
///  seller's balance cap applies when it is released.
contract PaymentEscrow is IPaymentEscrow, ConsortiumGuarded {
    IECNY public immutable ecny;

    mapping(uint256 orderId => Order) private _orders;
    mapping(uint256 scheduleId => Scheduled) private _schedules;
    uint256 private _orderCount;
    uint256 private _scheduleCount;
    uint256 private _lockedTotal;

    constructor(IConsortium consortium_, IECNY ecny_) ConsortiumGuarded(consortium_) {
        ecny = ecny_;
    }

    // ───────────────────────────── pay on delivery ─────────────────────────────

    /// @inheritdoc IPaymentEscrow
    function lockForDelivery(
        address seller,
        uint256 amount,
        bytes32 deliveryRef,
        uint256 deadline,
        address logistics
    ) external returns (uint256 orderId) {
        (
            IConsortium.Member memory mb,
            IConsortium.Member memory ms,
            IConsortium.Member memory ml,
            uint256 nowTime
        ) = _context(msg.sender, seller, logistics);
        _check(msg.sender, mb, _holderRoles());
        _check(seller, ms, _holderRoles());
        _check(logistics, ml, _role(IConsortium.Role.Logistics));
        if (seller == msg.sender) revert EscrowSelfPayment(seller);
        uint96 packed = _checkAmount(amount);
        if (deadline <= nowTime || deadline > type(uint40).max) revert EscrowDeadlineNotInFuture(deadline, nowTime);

        orderId = ++_orderCount;
        _orders[orderId] = Order({
            buyer: msg.sender,
            deadline: uint40(deadline),
            status: Status.Open,
            seller: seller,
            amount: packed,
            logistics: logistics,
            createdAt: uint40(nowTime),
            settledAt: 0,
            deliveryRef: deliveryRef
        });
        _lockedTotal += amount;
        ecny.systemTransferFrom(msg.sender, address(this), amount);
        emit OrderLocked(orderId, msg.sender, seller, logistics, amount, deliveryRef, deadline);
    }

    /// @inheritdoc IPaymentEscrow
    function confirmDelivery(uint256 orderId, bytes32 deliveryRef) external {
        Order storage o = _openOrder(orderId);
        if (msg.sender != o.logistics) revert EscrowNotOrderLogistics(orderId, msg.sender, o.logistics);
        (IConsortium.Member memory ml, , , uint256 nowTime) = _context(msg.sender, address(0), address(0));
        if (ml.status != IConsortium.Status.Active) revert IConsortium.MemberNotActive(msg.sender, ml.status);
        if (deliveryRef != o.deliveryRef) revert EscrowDeliveryRefMismatch(orderId, o.deliveryRef, deliveryRef);
        if (nowTime >= o.deadline) revert EscrowDeadlinePassed(orderId, o.deadline, nowTime);

        uint256 amount = o.amount;
        o.status = Status.Released;
        o.settledAt = uint40(nowTime);
        _lockedTotal -= amount;
        ecny.transfer(o.seller, amount);
        emit DeliveryConfirmed(orderId, msg.sender, o.seller, amount, nowTime);
    }

    /// @inheritdoc IPaymentEscrow
    function refund(uint256 orderId) external {
        uint256 nowTime = _callerAsHolder();
        Order storage o = _openOrder(orderId);
        if (nowTime < o.deadline) revert EscrowDeadlineNotReached(orderId, o.deadline, nowTime);

        uint256 amount = o.amount;
        o.status = Status.Refunded;
        o.settledAt = uint40(nowTime);
        _lockedTotal -= amount;
        ecny.transfer(o.buyer, amount);
        emit OrderRefunded(orderId, o.buyer, amount, nowTime);
    }

    // ───────────────────────────── scheduled payments ─────────────────────────────

    /// @inheritdoc IPaymentEscrow
    function schedulePayment(
        address payee,
        uint256 amount,
        uint256 dueAt,
        bytes32 ref
    ) external returns (uint256 scheduleId) {
        (IConsortium.Member memory mp, IConsortium.Member memory me, , uint256 nowTime) = _context(
            msg.sender,
            payee,
            address(0)
        );
        _check(msg.sender, mp, _holderRoles());
        _check(payee, me, _holderRoles());
        if (payee == msg.sender) revert EscrowSelfPayment(payee);
        uint96 packed = _checkAmount(amount);
        if (dueAt <= nowTime || dueAt > type(uint40).max) revert EscrowDeadlineNotInFuture(dueAt, nowTime);

        scheduleId = ++_scheduleCount;
        _schedules[scheduleId] = Scheduled({
            payer: msg.sender,
            dueAt: uint40(dueAt),
            status: Status.Open,
            payee: payee,
            amount: packed,
            ref: ref
        });
        _lockedTotal += amount;
        ecny.systemTransferFrom(msg.sender, address(this), amount);
        emit PaymentScheduled(scheduleId, msg.sender, payee, amount, dueAt, ref);
    }

    /// @inheritdoc IPaymentEscrow
    function releaseScheduled(uint256 scheduleId) external {
        uint256 nowTime = _callerAsHolder();
        Scheduled storage s = _schedules[scheduleId];
        if (s.status == Status.None) revert EscrowUnknownSchedule(scheduleId);
        if (s.status != Status.Open) revert EscrowNotOpen(scheduleId, s.status);
        if (nowTime < s.dueAt) revert EscrowNotDue(scheduleId, s.dueAt, nowTime);

        uint256 amount = s.amount;
        s.status = Status.Released;
        _lockedTotal -= amount;
        ecny.transfer(s.payee, amount);
        emit ScheduledPaymentReleased(scheduleId, s.payee, amount, nowTime, msg.sender);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IPaymentEscrow
    function orderOf(uint256 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    /// @inheritdoc IPaymentEscrow
    function scheduleOf(uint256 scheduleId) external view returns (Scheduled memory) {
        return _schedules[scheduleId];
    }

    /// @inheritdoc IPaymentEscrow
    function orderCount() external view returns (uint256) {
        return _orderCount;
    }

    /// @inheritdoc IPaymentEscrow
    function scheduleCount() external view returns (uint256) {
        return _scheduleCount;
    }

    /// @inheritdoc IPaymentEscrow
    function lockedTotal() external view returns (uint256) {
        return _lockedTotal;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev Checks that the caller is an active member other than the regulator; returns the project time.
    function _callerAsHolder() private view returns (uint256 nowTime) {
        IConsortium.Member memory m;
        (m, , , nowTime) = _context(msg.sender, address(0), address(0));
        _check(msg.sender, m, _holderRoles());
    }

    function _openOrder(uint256 orderId) private view returns (Order storage o) {
        o = _orders[orderId];
        if (o.status == Status.None) revert EscrowUnknownOrder(orderId);
        if (o.status != Status.Open) revert EscrowNotOpen(orderId, o.status);
    }

    function _checkAmount(uint256 amount) private pure returns (uint96) {
        if (amount == 0) revert EscrowZeroAmount();
        if (amount > type(uint96).max) revert EscrowAmountTooLarge(amount);
        return uint96(amount);
    }
}
