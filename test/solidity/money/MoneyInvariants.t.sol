// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";
import {IPaymentEscrow} from "../../../contracts/interfaces/IPaymentEscrow.sol";
import {ECNY} from "../../../contracts/money/ECNY.sol";
import {PaymentEscrow} from "../../../contracts/money/PaymentEscrow.sol";

/// @notice Drives e-CNY and the escrow with random actions and keeps ghost totals.
contract MoneyHandler {
    ECNY internal immutable ecny;
    PaymentEscrow internal immutable escrow;
    address[] internal banks;
    address[] internal actors;
    address internal immutable logistics;
    address internal immutable centralBank;

    uint256 public ghostIssued;
    uint256 public ghostRedeemed;
    uint256 public ghostOpen;
    uint256 public ghostOrders;
    uint256 public ghostSchedules;
    mapping(uint256 => bool) public ghostPaid;
    mapping(uint256 => bool) public ghostRefunded;
    uint256 public ghostDoubleSettlements;
    uint256 public ghostQuotaViolations;
    uint256 public time;

    constructor(
        ECNY ecny_,
        PaymentEscrow escrow_,
        address[] memory banks_,
        address[] memory actors_,
        address logistics_,
        address centralBank_,
        uint256 t0
    ) {
        ecny = ecny_;
        escrow = escrow_;
        banks = banks_;
        actors = actors_;
        logistics = logistics_;
        centralBank = centralBank_;
        time = t0;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function actorAt(uint256 i) external view returns (address) {
        return actors[i];
    }

    function issue(uint256 actorSeed, uint256 amount) external {
        address to = actors[actorSeed % actors.length];
        address bank = ecny.walletOf(to).bank;
        amount = 1 + (amount % 20_000_00);
        vm.prank(bank);
        try ecny.issue(to, amount) {
            ghostIssued += amount;
            if (ecny.outstandingOf(bank) > ecny.quotaOf(bank)) ghostQuotaViolations += 1;
        } catch {}
    }

    function redeem(uint256 actorSeed, uint256 amount) external {
        address who = actors[actorSeed % actors.length];
        amount = 1 + (amount % 20_000_00);
        vm.prank(who);
        try ecny.redeem(amount) {
            ghostRedeemed += amount;
        } catch {}
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = actors[fromSeed % actors.length];
        address to = actors[toSeed % actors.length];
        amount = 1 + (amount % 20_000_00);
        vm.prank(from);
        try ecny.transfer(to, amount) {} catch {}
    }

    function lowerQuota(uint256 bankSeed, uint256 quota) external {
        address bank = banks[bankSeed % banks.length];
        vm.prank(centralBank);
        ecny.setQuota(bank, quota % 200_000_00);
    }

    function lock(uint256 fromSeed, uint256 toSeed, uint256 amount, uint256 days_) external {
        address buyer = actors[fromSeed % actors.length];
        address seller = actors[toSeed % actors.length];
        amount = 1 + (amount % 10_000_00);
        vm.prank(buyer);
        try escrow.lockForDelivery(seller, amount, bytes32(amount), time + 1 + (days_ % 5) * 1 days, logistics) {
            ghostOpen += amount;
            ghostOrders += 1;
        } catch {}
    }

    function schedule(uint256 fromSeed, uint256 toSeed, uint256 amount, uint256 days_) external {
        address payer = actors[fromSeed % actors.length];
        address payee = actors[toSeed % actors.length];
        amount = 1 + (amount % 10_000_00);
        vm.prank(payer);
        try escrow.schedulePayment(payee, amount, time + 1 + (days_ % 5) * 1 days, bytes32(0)) {
            ghostOpen += amount;
            ghostSchedules += 1;
        } catch {}
    }

    function confirm(uint256 orderSeed) external {
        if (ghostOrders == 0) return;
        uint256 id = 1 + (orderSeed % ghostOrders);
        IPaymentEscrow.Order memory o = escrow.orderOf(id);
        vm.prank(logistics);
        try escrow.confirmDelivery(id, o.deliveryRef) {
            ghostOpen -= o.amount;
            if (ghostPaid[id] || ghostRefunded[id]) ghostDoubleSettlements += 1;
            ghostPaid[id] = true;
        } catch {}
    }

    function refund(uint256 orderSeed) external {
        if (ghostOrders == 0) return;
        uint256 id = 1 + (orderSeed % ghostOrders);
        IPaymentEscrow.Order memory o = escrow.orderOf(id);
        vm.prank(o.buyer);
        try escrow.refund(id) {
            ghostOpen -= o.amount;
            if (ghostPaid[id] || ghostRefunded[id]) ghostDoubleSettlements += 1;
            ghostRefunded[id] = true;
        } catch {}
    }

    function release(uint256 scheduleSeed) external {
        if (ghostSchedules == 0) return;
        uint256 id = 1 + (scheduleSeed % ghostSchedules);
        IPaymentEscrow.Scheduled memory s = escrow.scheduleOf(id);
        vm.prank(s.payee);
        try escrow.releaseScheduled(id) {
            ghostOpen -= s.amount;
        } catch {}
    }

    function warp(uint256 hoursForward) external {
        time += 1 + (hoursForward % 48) * 1 hours;
        vm.warp(time);
    }
}

contract MoneyInvariantsTest is Fixture {
    MoneyHandler internal handler;
    address internal anon = address(0xA11CE);
    address[] internal banks;

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    function setUp() public {
        _deployFoundation();
        vm.prank(operator);
        consortium.admit(anon, IConsortium.Role.Merchant, "anonymous");
        vm.prank(bank2);
        ecny.openWallet(anon, IECNY.Category.Anonymous);
        banks.push(bank);
        banks.push(bank2);
        address[] memory actors = new address[](6);
        actors[0] = core;
        actors[1] = supplier;
        actors[2] = farmer;
        actors[3] = anon;
        actors[4] = merchant;
        actors[5] = bank2;
        vm.startPrank(centralBank);
        ecny.setQuota(bank, 100_000_00);
        ecny.setQuota(bank2, 100_000_00);
        vm.stopPrank();
        handler = new MoneyHandler(ecny, escrow, banks, actors, logistics, centralBank, T0);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariant_supplyEqualsSumOfBalancesAndNetIssuance() public view {
        uint256 sum = ecny.balanceOf(address(escrow));
        for (uint256 i; i < handler.actorCount(); ++i) sum += ecny.balanceOf(handler.actorAt(i));
        _assertEq(ecny.totalSupply(), sum, "supply == sum of balances");
        _assertEq(ecny.totalSupply(), handler.ghostIssued() - handler.ghostRedeemed(), "supply == issued - redeemed");
        _assertEq(ecny.outstandingOf(bank) + ecny.outstandingOf(bank2), ecny.totalSupply(), "outstanding == supply");
    }

    /// A quota may be lowered below what is already out (it then blocks new issuance only), so the
    /// property is checked at every issuance: outstanding ≤ the quota in force right after it.
    function invariant_issuanceWithinQuota() public view {
        _assertEq(handler.ghostQuotaViolations(), 0, "issuance above quota");
    }

    function invariant_escrowBalanceEqualsOpenEscrows() public view {
        _assertEq(ecny.balanceOf(address(escrow)), handler.ghostOpen(), "escrow balance == open escrows");
        _assertEq(escrow.lockedTotal(), handler.ghostOpen(), "lockedTotal == open escrows");
    }

    function invariant_escrowNeverBothPaidAndRefunded() public view {
        _assertEq(handler.ghostDoubleSettlements(), 0, "double settlements");
    }

    function invariant_noWalletAboveItsCap() public view {
        for (uint256 i; i < handler.actorCount(); ++i) {
            IECNY.WalletView memory w = ecny.walletOf(handler.actorAt(i));
            if (w.balance > w.caps.balance) revert AssertEqFailed("balance cap", w.balance, w.caps.balance);
            if (w.spentToday > w.caps.daily) revert AssertEqFailed("daily cap", w.spentToday, w.caps.daily);
        }
    }
}
