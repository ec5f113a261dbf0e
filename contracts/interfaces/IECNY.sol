// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";

/// @title e-CNY (数字人民币): two-tier digital yuan with wallet categories and caps.
/// @notice An ERC-20 with 2 decimals: 1 unit = 1 fen. The central bank sets each operator bank's
/// issuance quota; an operator bank opens wallets, issues e-CNY into the wallets it opened in
/// exchange for deposits, and freezes them. Money moves only between open wallets, and every
/// movement (including those made by other project contracts) is checked against the wallet
/// caps: per payment and per day for the payer, balance for the payee.
interface IECNY is IERC20Metadata {
    /// @notice Wallet categories. Anonymous = category 4 (¥2,000 / ¥5,000 / ¥10,000),
    /// Verified = fully verified and bank-linked (¥50,000 / ¥100,000 / ¥500,000),
    /// Corporate = caps set by the opening bank, System = a registered project contract (no caps).
    enum Category {
        None,
        Anonymous,
        Verified,
        Corporate,
        System
    }

    /// @notice Why a wallet cannot receive a payment (0 = it can).
    enum ReceiveBlock {
        None,
        NoWallet,
        Frozen,
        NotActiveMember,
        BalanceCap
    }

    /// @notice Caps in fen. For Corporate wallets they are the wallet's own.
    struct Caps {
        uint256 perPayment;
        uint256 daily;
        uint256 balance;
    }

    struct WalletView {
        address bank;
        Category category;
        bool frozen;
        uint256 balance;
        Caps caps;
        uint256 spentToday;
        uint256 day;
    }

    // ───────────────────────────── errors ─────────────────────────────

    error ECNYZeroAmount();
    error ECNYZeroAddress();
    error ECNYNoWallet(address account);
    error ECNYWalletExists(address account, address bank);
    error ECNYWalletFrozen(address account);
    error ECNYWalletNotFrozen(address account);
    error ECNYNotWalletBank(address caller, address account, address walletBank);
    error ECNYInvalidCategory(Category category);
    error ECNYInvalidCaps(uint256 perPayment, uint256 daily, uint256 balance);
    error ECNYNotSystemContract(address account);
    error ECNYInsufficientBalance(address account, uint256 balance, uint256 needed);
    error ECNYInsufficientAllowance(address owner, address spender, uint256 allowance, uint256 needed);
    error ECNYPerPaymentCapExceeded(address account, uint256 cap, uint256 amount);
    error ECNYDailyCapExceeded(address account, uint256 cap, uint256 spentToday, uint256 amount);
    error ECNYBalanceCapExceeded(address account, uint256 cap, uint256 balance, uint256 amount);
    error ECNYQuotaExceeded(address bank, uint256 quota, uint256 outstanding, uint256 amount);
    error ECNYRedemptionExceedsOutstanding(address bank, uint256 outstanding, uint256 amount);
    error ECNYAmountTooLarge(uint256 amount, uint256 max);
    error ECNYLengthMismatch(uint256 recipients, uint256 amounts);
    error ECNYSelfPayment(address account);

    // ───────────────────────────── events ─────────────────────────────

    /// @param quota the new issuance quota in fen.
    event QuotaSet(address indexed bank, uint256 quota);
    /// @param perPayment per-payment cap in fen; daily and balance likewise.
    event CategoryCapsSet(Category indexed category, uint256 perPayment, uint256 daily, uint256 balance);
    event WalletOpened(address indexed account, address indexed bank, Category category);
    event CorporateCapsSet(address indexed account, uint256 perPayment, uint256 daily, uint256 balance);
    event WalletFrozen(address indexed account, address indexed bank);
    event WalletUnfrozen(address indexed account, address indexed bank);
    /// @param amount fen issued against deposits.
    event Issued(address indexed bank, address indexed wallet, uint256 amount);
    /// @param amount fen redeemed back into deposits.
    event Redeemed(address indexed bank, address indexed wallet, uint256 amount);
    /// @notice `distribute` could not pay `account` (see `ReceiveBlock`); the caller keeps the money.
    event PaymentSkipped(address indexed payer, address indexed account, uint256 amount, ReceiveBlock reason);

    // ──────────────────────── central bank (tier 1) ────────────────────────

    function setQuota(address bank, uint256 quota) external;
    function setCategoryCaps(Category category, uint256 perPayment, uint256 daily, uint256 balance) external;

    // ──────────────────────── operator banks (tier 2) ────────────────────────

    function openWallet(address account, Category category) external;
    function openCorporateWallet(address account, uint256 perPayment, uint256 daily, uint256 balance) external;
    function setCorporateCaps(address account, uint256 perPayment, uint256 daily, uint256 balance) external;
    function freeze(address account) external;
    function unfreeze(address account) external;
    function issue(address wallet, uint256 amount) external;

    // ───────────────────────────── platform ─────────────────────────────

    function openSystemWallet(address account) external;

    // ───────────────────────────── holders ─────────────────────────────

    function redeem(uint256 amount) external;

    // ─────────────────────────── project contracts ───────────────────────────

    /// @notice A registered project contract moves `from`'s money on `from`'s behalf (the payer
    /// called it, or entered the obligation on chain). Caps apply as to any payment.
    function systemTransferFrom(address from, address to, uint256 amount) external returns (bool);

    /// @notice Pays many recipients from the caller's system wallet without reverting for a
    /// recipient that cannot receive: that one is skipped (`PaymentSkipped`) and reported.
    /// @return paid paid[i] is true when recipient i was credited.
    /// @return total the fen debited from the caller.
    function distribute(
        address[] calldata to,
        uint256[] calldata amounts
    ) external returns (bool[] memory paid, uint256 total);

    // ─────────────────────────────── views ───────────────────────────────

    function walletOf(address account) external view returns (WalletView memory);
    function quotaOf(address bank) external view returns (uint256);
    function outstandingOf(address bank) external view returns (uint256);
    function categoryCaps(Category category) external view returns (Caps memory);
    function receiveBlock(address account, uint256 amount) external view returns (ReceiveBlock);
}
