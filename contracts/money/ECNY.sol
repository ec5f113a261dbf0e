// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IConsortium} from "../interfaces/IConsortium.sol";
import {IECNY} from "../interfaces/IECNY.sol";
import {ConsortiumGuarded} from "../access/ConsortiumGuarded.sol";

/// @title ECNY
/// @notice Digital yuan in fen (2 decimals) with two-tier issuance and capped wallets.
/// @dev Invariants:
///  - totalSupply == Σ wallet balances == Σ_banks outstanding == Σ issued − Σ redeemed;
///  - outstanding(bank) ≤ quota(bank) after every issuance (a lowered quota only blocks new issuance);
///  - money is only ever held in an open wallet; a frozen wallet neither pays nor receives;
///  - a non-system payer never pays more than its per-payment cap in one movement, nor more than its
///    daily cap in one Beijing day (UTC+8); a non-system payee never exceeds its balance cap.
///  Every balance change goes through `_update` (mint, burn, transfer, distribute).
///  The balance is packed with the wallet record, so crediting an open wallet never writes a fresh
///  storage slot. System contracts are trusted project code: `systemTransferFrom` lets them move a
///  member's money when that member called them or entered the obligation on chain; they have no caps.
///  It deliberately does not check the deposit side of issuance/redemption (off chain, bank ledgers).
contract ECNY is IECNY, ConsortiumGuarded {
    // ───────────────────────────── storage ─────────────────────────────

    /// @dev One slot: the wallet and its balance.
    struct Wallet {
        address bank;
        Category category;
        bool frozen;
        uint80 balance;
    }

    /// @dev One slot: today's spending and, for corporate wallets, their own caps.
    struct Usage {
        uint32 day;
        uint64 spentToday;
        uint48 perPayment;
        uint48 daily;
        uint48 balanceCap;
    }

    /// @dev Caps of the personal categories, in fen.
    struct PackedCaps {
        uint48 perPayment;
        uint48 daily;
        uint48 balance;
    }

    uint256 private constant _MAX_CAP = type(uint48).max;
    uint256 private constant _BEIJING_OFFSET = 8 hours;

    mapping(address account => Wallet) private _wallets;
    mapping(address account => Usage) private _usage;
    mapping(address owner => mapping(address spender => uint256)) private _allowances;
    mapping(Category category => PackedCaps) private _categoryCaps;
    mapping(address bank => uint256) private _quota;
    mapping(address bank => uint256) private _outstanding;
    uint256 private _totalSupply;

    constructor(IConsortium consortium_) ConsortiumGuarded(consortium_) {
        _setCategoryCaps(Category.Anonymous, 2_000_00, 5_000_00, 10_000_00);
        _setCategoryCaps(Category.Verified, 50_000_00, 100_000_00, 500_000_00);
    }

    // ───────────────────────────── ERC-20 ─────────────────────────────

    function name() external pure returns (string memory) {
        return "Digital Yuan";
    }

    function symbol() external pure returns (string memory) {
        return "e-CNY";
    }

    /// @notice 2: one unit is one fen.
    function decimals() external pure returns (uint8) {
        return 2;
    }

    function totalSupply() external view returns (uint256) {
        return _totalSupply;
    }

    function balanceOf(address account) external view returns (uint256) {
        return _wallets[account].balance;
    }

    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _update(msg.sender, to, amount);
        return true;
    }

    /// @dev The owner must be an active member (or a project contract): a suspended or removed member
    /// gives no new allowance.
    function approve(address spender, uint256 amount) external returns (bool) {
        Category category = _wallets[msg.sender].category;
        if (category != Category.System) _requireActive(msg.sender);
        if (spender == address(0)) revert ECNYZeroAddress();
        if (category == Category.None) revert ECNYNoWallet(msg.sender);
        _allowances[msg.sender][spender] = amount;
        emit IERC20.Approval(msg.sender, spender, amount);
        return true;
    }

    /// @dev The spender is a project contract or an active member other than the regulator.
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        if (_wallets[msg.sender].category != Category.System) _requireRole(msg.sender, _holderRoles());
        uint256 allowed = _allowances[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < amount) revert ECNYInsufficientAllowance(from, msg.sender, allowed, amount);
            unchecked {
                _allowances[from][msg.sender] = allowed - amount; // allowed ≥ amount checked above
            }
        }
        _update(from, to, amount);
        return true;
    }

    // ──────────────────────── central bank (tier 1) ────────────────────────

    /// @inheritdoc IECNY
    function setQuota(address bank, uint256 quota) external {
        _requireRole(msg.sender, _role(IConsortium.Role.CentralBank));
        _requireRole(bank, _role(IConsortium.Role.OperatorBank));
        _quota[bank] = quota;
        emit QuotaSet(bank, quota);
    }

    /// @inheritdoc IECNY
    function setCategoryCaps(Category category, uint256 perPayment, uint256 daily, uint256 balance) external {
        _requireRole(msg.sender, _role(IConsortium.Role.CentralBank));
        if (category != Category.Anonymous && category != Category.Verified) revert ECNYInvalidCategory(category);
        _setCategoryCaps(category, perPayment, daily, balance);
    }

    // ──────────────────────── operator banks (tier 2) ────────────────────────

    /// @inheritdoc IECNY
    function openWallet(address account, Category category) external {
        if (category != Category.Anonymous && category != Category.Verified) revert ECNYInvalidCategory(category);
        _openWallet(account, category);
    }

    /// @inheritdoc IECNY
    function openCorporateWallet(address account, uint256 perPayment, uint256 daily, uint256 balance) external {
        _checkCaps(perPayment, daily, balance);
        _openWallet(account, Category.Corporate);
        _writeCorporateCaps(account, perPayment, daily, balance);
    }

    /// @inheritdoc IECNY
    function setCorporateCaps(address account, uint256 perPayment, uint256 daily, uint256 balance) external {
        Wallet storage w = _walletOfBank(account);
        if (w.category != Category.Corporate) revert ECNYInvalidCategory(w.category);
        _checkCaps(perPayment, daily, balance);
        _writeCorporateCaps(account, perPayment, daily, balance);
    }

    /// @inheritdoc IECNY
    function freeze(address account) external {
        Wallet storage w = _walletOfBank(account);
        if (w.frozen) revert ECNYWalletFrozen(account);
        w.frozen = true;
        emit WalletFrozen(account, msg.sender);
    }

    /// @inheritdoc IECNY
    function unfreeze(address account) external {
        Wallet storage w = _walletOfBank(account);
        if (!w.frozen) revert ECNYWalletNotFrozen(account);
        w.frozen = false;
        emit WalletUnfrozen(account, msg.sender);
    }

    /// @inheritdoc IECNY
    function issue(address wallet, uint256 amount) external {
        _walletOfBank(wallet);
        if (amount == 0) revert ECNYZeroAmount();
        uint256 outstanding = _outstanding[msg.sender];
        uint256 quota = _quota[msg.sender];
        if (amount > quota || outstanding > quota - amount) {
            revert ECNYQuotaExceeded(msg.sender, quota, outstanding, amount);
        }
        _outstanding[msg.sender] = outstanding + amount;
        _update(address(0), wallet, amount);
        emit Issued(msg.sender, wallet, amount);
    }

    // ───────────────────────────── platform ─────────────────────────────

    /// @inheritdoc IECNY
    function openSystemWallet(address account) external {
        _requireRole(msg.sender, _role(IConsortium.Role.PlatformOperator));
        if (!consortium.isSystemContract(account)) revert ECNYNotSystemContract(account);
        Wallet storage w = _wallets[account];
        if (w.category != Category.None) revert ECNYWalletExists(account, w.bank);
        w.bank = msg.sender;
        w.category = Category.System;
        emit WalletOpened(account, msg.sender, Category.System);
    }

    // ───────────────────────────── holders ─────────────────────────────

    /// @inheritdoc IECNY
    function redeem(uint256 amount) external {
        if (amount == 0) revert ECNYZeroAmount();
        Wallet storage w = _wallets[msg.sender];
        if (w.category == Category.None) revert ECNYNoWallet(msg.sender);
        address bank = w.bank;
        uint256 outstanding = _outstanding[bank];
        if (amount > outstanding) revert ECNYRedemptionExceedsOutstanding(bank, outstanding, amount);
        _update(msg.sender, address(0), amount);
        unchecked {
            _outstanding[bank] = outstanding - amount; // amount ≤ outstanding checked above
        }
        emit Redeemed(bank, msg.sender, amount);
    }

    // ─────────────────────────── project contracts ───────────────────────────

    /// @inheritdoc IECNY
    function systemTransferFrom(address from, address to, uint256 amount) external returns (bool) {
        _requireSystemCaller();
        _update(from, to, amount);
        return true;
    }

    /// @inheritdoc IECNY
    function distribute(
        address[] calldata to,
        uint256[] calldata amounts
    ) external returns (bool[] memory paid, uint256 total) {
        _requireSystemCaller();
        if (to.length != amounts.length) revert ECNYLengthMismatch(to.length, amounts.length);
        Wallet storage source = _wallets[msg.sender];
        if (source.frozen) revert ECNYWalletFrozen(msg.sender);
        uint256 available = source.balance;
        paid = new bool[](to.length);
        for (uint256 i; i < to.length; ++i) {
            uint256 amount = amounts[i];
            if (amount == 0) continue;
            if (to[i] == msg.sender) revert ECNYSelfPayment(msg.sender);
            if (total + amount > available) revert ECNYInsufficientBalance(msg.sender, available - total, amount);
            ReceiveBlock reason = _receiveBlock(to[i], amount);
            if (reason != ReceiveBlock.None) {
                emit PaymentSkipped(msg.sender, to[i], amount, reason);
                continue;
            }
            _wallets[to[i]].balance += uint80(amount); // fits: ≤ available ≤ supply (uint80)
            total += amount;
            paid[i] = true;
            emit IERC20.Transfer(msg.sender, to[i], amount);
        }
        unchecked {
            source.balance = uint80(available - total); // total ≤ available checked in the loop
        }
    }

    // ─────────────────────────────── views ───────────────────────────────

    /// @inheritdoc IECNY
    function walletOf(address account) external view returns (WalletView memory v) {
        Wallet memory w = _wallets[account];
        Usage memory u = _usage[account];
        v.bank = w.bank;
        v.category = w.category;
        v.frozen = w.frozen;
        v.balance = w.balance;
        v.caps = _capsOf(w.category, u);
        v.day = u.day;
        v.spentToday = u.day == _today() ? u.spentToday : 0;
    }

    /// @inheritdoc IECNY
    function quotaOf(address bank) external view returns (uint256) {
        return _quota[bank];
    }

    /// @inheritdoc IECNY
    function outstandingOf(address bank) external view returns (uint256) {
        return _outstanding[bank];
    }

    /// @inheritdoc IECNY
    function categoryCaps(Category category) external view returns (Caps memory) {
        PackedCaps memory c = _categoryCaps[category];
        return Caps(c.perPayment, c.daily, c.balance);
    }

    /// @inheritdoc IECNY
    function receiveBlock(address account, uint256 amount) external view returns (ReceiveBlock) {
        return _receiveBlock(account, amount);
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev The one path of every balance change. from == 0: issuance; to == 0: redemption.
    /// The registry is asked once, for both members and the time (an external call is the dearest step).
    function _update(address from, address to, uint256 amount) private {
        if (amount == 0) revert ECNYZeroAmount();
        if (amount > type(uint80).max) revert ECNYAmountTooLarge(amount, type(uint80).max);
        Category fromCategory = _wallets[from].category;
        Category toCategory = _wallets[to].category;
        bool fromMember = from != address(0) && fromCategory != Category.None && fromCategory != Category.System;
        bool toMember = to != address(0) && toCategory != Category.None && toCategory != Category.System;
        IConsortium.Member memory mf;
        IConsortium.Member memory mt;
        uint256 time;
        if (fromMember || toMember) {
            (mf, mt, , time) = consortium.context(
                fromMember ? from : address(0),
                toMember ? to : address(0),
                address(0)
            );
        }
        if (from != address(0)) {
            Wallet storage w = _wallets[from];
            if (w.category == Category.None) revert ECNYNoWallet(from);
            if (w.frozen) revert ECNYWalletFrozen(from);
            if (w.balance < amount) revert ECNYInsufficientBalance(from, w.balance, amount);
            if (w.category != Category.System) {
                if (mf.status != IConsortium.Status.Active) revert IConsortium.MemberNotActive(from, mf.status);
                if (to != address(0)) _spend(from, w.category, amount, time);
            }
            unchecked {
                w.balance -= uint80(amount); // balance ≥ amount checked above
            }
        } else {
            _totalSupply += amount;
        }
        if (to != address(0)) {
            _requireCanReceive(to, amount, mt.status);
            unchecked {
                _wallets[to].balance += uint80(amount); // Σ balances == totalSupply ≤ Σ quotas; checked in _requireCanReceive
            }
        } else {
            unchecked {
                _totalSupply -= amount; // a burned amount was in a balance, so in the supply
            }
        }
        emit IERC20.Transfer(from, to, amount);
    }

    /// @dev Per-payment and daily caps of a paying wallet (days are Beijing days, UTC+8).
    function _spend(address from, Category category, uint256 amount, uint256 time) private {
        Usage storage u = _usage[from];
        Caps memory caps = _capsOf(category, u);
        if (amount > caps.perPayment) revert ECNYPerPaymentCapExceeded(from, caps.perPayment, amount);
        uint32 today = _dayOf(time);
        uint256 spent = u.day == today ? u.spentToday : 0;
        if (spent + amount > caps.daily) revert ECNYDailyCapExceeded(from, caps.daily, spent, amount);
        u.day = today;
        u.spentToday = uint64(spent + amount); // ≤ daily cap ≤ uint48 max
    }

    /// @dev `status` is the payee's membership status (asked with the payer's, in one call).
    function _requireCanReceive(address to, uint256 amount, IConsortium.Status status) private view {
        ReceiveBlock reason = _receiveBlockGiven(to, amount, status);
        if (reason == ReceiveBlock.None) return;
        if (reason == ReceiveBlock.NoWallet) revert ECNYNoWallet(to);
        if (reason == ReceiveBlock.Frozen) revert ECNYWalletFrozen(to);
        if (reason == ReceiveBlock.NotActiveMember) revert IConsortium.MemberNotActive(to, status);
        Wallet memory w = _wallets[to];
        revert ECNYBalanceCapExceeded(to, _capsOf(w.category, _usage[to]).balance, w.balance, amount);
    }

    function _receiveBlock(address to, uint256 amount) private view returns (ReceiveBlock) {
        Category category = _wallets[to].category;
        if (category == Category.None || category == Category.System) {
            return _receiveBlockGiven(to, amount, IConsortium.Status.None);
        }
        return _receiveBlockGiven(to, amount, consortium.statusOf(to));
    }

    function _receiveBlockGiven(
        address to,
        uint256 amount,
        IConsortium.Status status
    ) private view returns (ReceiveBlock) {
        Wallet memory w = _wallets[to];
        if (w.category == Category.None) return ReceiveBlock.NoWallet;
        if (w.frozen) return ReceiveBlock.Frozen;
        if (w.category == Category.System) {
            return uint256(w.balance) + amount > type(uint80).max ? ReceiveBlock.BalanceCap : ReceiveBlock.None;
        }
        if (status != IConsortium.Status.Active) return ReceiveBlock.NotActiveMember;
        uint256 cap = w.category == Category.Corporate ? _usage[to].balanceCap : _categoryCaps[w.category].balance;
        if (uint256(w.balance) + amount > cap) return ReceiveBlock.BalanceCap;
        return ReceiveBlock.None;
    }

    function _capsOf(Category category, Usage memory u) private view returns (Caps memory) {
        if (category == Category.Corporate) return Caps(u.perPayment, u.daily, u.balanceCap);
        if (category == Category.System) return Caps(_MAX_CAP, _MAX_CAP, type(uint80).max);
        PackedCaps memory c = _categoryCaps[category];
        return Caps(c.perPayment, c.daily, c.balance);
    }

    function _openWallet(address account, Category category) private {
        _requireRole(msg.sender, _role(IConsortium.Role.OperatorBank));
        _requireRole(account, _holderRoles());
        Wallet storage w = _wallets[account];
        if (w.category != Category.None) revert ECNYWalletExists(account, w.bank);
        w.bank = msg.sender;
        w.category = category;
        emit WalletOpened(account, msg.sender, category);
    }

    /// @dev The wallet of `account`, which the caller (an active operator bank) must have opened.
    function _walletOfBank(address account) private view returns (Wallet storage w) {
        _requireRole(msg.sender, _role(IConsortium.Role.OperatorBank));
        w = _wallets[account];
        if (w.category == Category.None) revert ECNYNoWallet(account);
        if (w.bank != msg.sender) revert ECNYNotWalletBank(msg.sender, account, w.bank);
    }

    function _requireSystemCaller() private view {
        if (_wallets[msg.sender].category != Category.System) revert ECNYNotSystemContract(msg.sender);
    }

    function _checkCaps(uint256 perPayment, uint256 daily, uint256 balance) private pure {
        if (perPayment == 0 || perPayment > daily || daily > _MAX_CAP || balance == 0 || balance > _MAX_CAP)
            revert ECNYInvalidCaps(perPayment, daily, balance);
    }

    function _setCategoryCaps(Category category, uint256 perPayment, uint256 daily, uint256 balance) private {
        _checkCaps(perPayment, daily, balance);
        _categoryCaps[category] = PackedCaps(uint48(perPayment), uint48(daily), uint48(balance));
        emit CategoryCapsSet(category, perPayment, daily, balance);
    }

    function _writeCorporateCaps(address account, uint256 perPayment, uint256 daily, uint256 balance) private {
        Usage storage u = _usage[account];
        u.perPayment = uint48(perPayment); // ≤ _MAX_CAP checked by _checkCaps
        u.daily = uint48(daily);
        u.balanceCap = uint48(balance);
        emit CorporateCapsSet(account, perPayment, daily, balance);
    }

    function _today() private view returns (uint32) {
        return _dayOf(_now());
    }

    function _dayOf(uint256 time) private pure returns (uint32) {
        return uint32((time + _BEIJING_OFFSET) / 1 days);
    }
}
