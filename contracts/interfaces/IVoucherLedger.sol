// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC3525Metadata} from "./IERC3525Metadata.sol";

/// @title Splittable e-receivable vouchers (应收账款电子凭证) as an ERC-3525 ledger.
/// @notice A core enterprise (or a supplier or distributor with a credit line) confirms a debt on chain
/// (确权): one *voucher* with payer, first payee, face, maturity and the hash of its trade background.
/// In ERC-3525 terms a voucher is a *slot*, each holding of it is a *token* and a token's *value* is fen
/// (0.01 yuan, `valueDecimals() == 2`). Holders split pieces down the supply chain (拆分流转), finance them
/// at a bank (融资, through the financing module), pledge them, and at maturity the payer pays once and the
/// ledger clears the money to every current holder (到期清分).
///
/// Voucher lifecycle (one verb per transition):
/// ```
///   issue ─► Pending ─acceptIssuance─► Active ─(maturity passes unpaid)─► Overdue ─declareDefault─► Defaulted
///               │                        │                                 │                          │
///          rejectIssuance                └──────────── repay ──────────────┴────────── repay ─────────┘
///               ▼                                                          ▼
///            Rejected                                       Repaid ─clear / claim (all paid)─► Cleared
/// ```
/// `Overdue` is derived in views (stored as Active). Token lifecycle:
/// ```
///   Live ⇄ Pledged (pledge / releasePledge)      Live, Pledged, Unclaimed ─freezeToken─► Frozen ─unfreezeToken─► Live/Pledged
///   Live ─merge─► Merged                          Live, Pledged ─clear─► Cleared (paid) | Unclaimed ─claim─► Cleared
/// ```
/// Token ids are `(slotId << 32) | localIndex`, local indices 1, 2, 3… within a voucher, so a voucher's
/// tokens are enumerated by counting. Token 1 is the first payee's; every other token records the local
/// index of the token it was split from (its parent) and its tier (1 for the first payee, parent tier + 1
/// for a split to a supplier, parent tier for a bank's financed piece).
interface IVoucherLedger is IERC3525Metadata {
    /// @notice Voucher status. `Overdue` is never stored: views report it for an Active (unpaid) voucher after
    /// its maturity (at the maturity second itself it is due, still Active).
    enum VoucherStatus {
        None,
        Pending,
        Active,
        Overdue,
        Defaulted,
        Repaid,
        Cleared,
        Rejected
    }

    /// @notice Token status. Only `Live` tokens move. `Merged` tokens are burned (value 0).
    enum TokenStatus {
        None,
        Live,
        Pledged,
        Frozen,
        Merged,
        Cleared,
        Unclaimed
    }

    enum OfferStatus {
        None,
        Open,
        Accepted,
        Rejected,
        Cancelled
    }

    /// @notice The platform's rule profile. `minSplitUnit` and `transfersNeedAcceptance` are copied into each
    /// voucher when it is issued, so a rule change never alters a live voucher.
    /// @param maxTermDays longest term from issuance to maturity, in days (≤ 365: 银发〔2025〕77号).
    /// @param minSplitUnit smallest value a split, transfer or financing may move, in fen.
    /// @param transfersNeedAcceptance when true, value reaches another member only by an offer it accepts.
    /// @param overdueGraceDays days after maturity before an unpaid voucher may be declared defaulted.
    struct Rules {
        uint16 maxTermDays;
        uint56 minSplitUnit;
        bool transfersNeedAcceptance;
        uint16 overdueGraceDays;
    }

    /// @notice A voucher as people read it. Amounts in fen, times in project seconds.
    struct VoucherView {
        uint256 slotId;
        address payer;
        address payee;
        uint256 face;
        uint256 issuedAt;
        uint256 maturity;
        bytes32 tradeHash;
        VoucherStatus status;
        uint256 tokenCount;
        uint256 cleared;
        bool repaid;
        uint256 minSplitUnit;
        bool transfersNeedAcceptance;
        uint256 clearCursor;
        uint256 repaidAt;
        uint256 defaultedAt;
    }

    /// @notice A token as people read it. `parentTokenId` is 0 for token 1; `pledgee` is 0 unless pledged.
    struct TokenView {
        uint256 tokenId;
        uint256 slotId;
        address owner;
        uint256 value;
        uint256 parentTokenId;
        uint256 tier;
        TokenStatus status;
        address pledgee;
    }

    /// @notice An issuer's credit line. `outstanding` is the face of its vouchers not yet repaid (pending
    /// ones included); amounts in fen.
    struct CreditLine {
        address bank;
        uint256 limit;
        uint256 outstanding;
    }

    /// @notice A transfer offer, for vouchers whose receivers must accept.
    struct Offer {
        address from;
        uint56 value;
        OfferStatus status;
        address to;
        uint256 fromTokenId;
        uint256 newTokenId;
    }

    // ───────────────────────────── errors ─────────────────────────────

    error VoucherUnknownVoucher(uint256 slotId);
    error VoucherUnknownToken(uint256 tokenId);
    error VoucherUnknownOffer(uint256 offerId);
    error VoucherZeroAddress();
    /// @notice A value, face or amount of 0 fen where something must move.
    error VoucherZeroValue();
    error VoucherAmountTooLarge(uint256 amount, uint256 max);
    error VoucherInvalidRules(uint256 maxTermDays, uint256 minSplitUnit, uint256 overdueGraceDays);
    /// @notice Another bank holds the issuer's credit line (while it has a limit or outstanding vouchers).
    error VoucherNotCreditLineBank(address issuer, address bank, address caller);
    error VoucherNoCreditLine(address issuer);
    /// @notice outstanding + face would exceed the issuer's line. Amounts in fen.
    error VoucherCreditLineExceeded(address issuer, uint256 limit, uint256 outstanding, uint256 face);
    error VoucherMaturityNotInFuture(uint256 maturity, uint256 nowTime);
    error VoucherTermTooLong(uint256 maturity, uint256 nowTime, uint256 maxTermDays);
    error VoucherZeroTradeHash();
    /// @notice The trade background already backs voucher `slotId`.
    error VoucherTradeHashUsed(bytes32 tradeHash, uint256 slotId);
    /// @notice The account would deal with itself (issue to, transfer to, pledge to, finance with itself).
    error VoucherSelfDealing(address account);
    error VoucherNotPayee(uint256 slotId, address caller, address payee);
    error VoucherNotPayer(uint256 slotId, address caller, address payer);
    error VoucherNotPending(uint256 slotId, VoucherStatus status);
    error VoucherNotActive(uint256 slotId, VoucherStatus status);
    error VoucherNotRepayable(uint256 slotId, VoucherStatus status);
    error VoucherNotRepaid(uint256 slotId, VoucherStatus status);
    error VoucherNotDefaulted(uint256 slotId, VoucherStatus status);
    /// @notice Nothing but clearing happens from maturity on.
    error VoucherMatured(uint256 slotId, uint256 maturity, uint256 nowTime);
    error VoucherNotMatured(uint256 slotId, uint256 maturity, uint256 nowTime);
    error VoucherGracePeriodNotOver(uint256 slotId, uint256 graceEnd, uint256 nowTime);
    /// @notice This voucher's receivers must accept: use `offerTransfer`.
    error VoucherAcceptanceRequired(uint256 slotId);
    error VoucherTokenNotLive(uint256 tokenId, TokenStatus status);
    error VoucherTokenNotFreezable(uint256 tokenId, TokenStatus status);
    error VoucherTokenNotFrozen(uint256 tokenId, TokenStatus status);
    error VoucherTokenNotClaimable(uint256 tokenId, TokenStatus status);
    error VoucherNotAuthorized(uint256 tokenId, address caller);
    error VoucherInsufficientAllowance(uint256 tokenId, address operator, uint256 allowance, uint256 value);
    error VoucherInvalidOperator(address operator);
    /// @notice `account` was expected to own `tokenId`, which `owner` owns.
    error VoucherNotOwner(uint256 tokenId, address owner, address account);
    /// @notice Amounts in fen.
    error VoucherBelowMinSplitUnit(uint256 slotId, uint256 value, uint256 minSplitUnit);
    /// @notice Amounts in fen.
    error VoucherValueExceedsBalance(uint256 tokenId, uint256 balance, uint256 value);
    error VoucherSlotMismatch(uint256 fromTokenId, uint256 toTokenId);
    error VoucherSameToken(uint256 tokenId);
    error VoucherTierTooDeep(uint256 tokenId);
    error VoucherTooManyTokens(uint256 slotId);
    /// @notice Only the pledgee may release a pledge; `pledgee` is 0 when the token is not pledged.
    error VoucherNotPledgee(uint256 tokenId, address caller, address pledgee);
    /// @notice The caller is not the party of the offer that may do this (`party`).
    error VoucherNotOfferParty(uint256 offerId, address caller, address party);
    error VoucherOfferNotOpen(uint256 offerId, OfferStatus status);
    error VoucherZeroMaxTokens();
    /// @notice A receiving contract refused the value (ERC-3525 receiver hook; ERC-721's refusals are OpenZeppelin's
    /// `ERC721InvalidReceiver` or the receiver's own reason).
    error VoucherReceiverRejected(address receiver, uint256 tokenId);
    error VoucherNotFinancingModule(address caller);
    error VoucherFinancingModuleAlreadySet(address module);
    error VoucherNotSystemContract(address account);

    // ───────────────────────────── events ─────────────────────────────

    /// @param limit the line in fen.
    event CreditLineSet(address indexed issuer, address indexed bank, uint256 limit);
    /// @param minSplitUnit in fen.
    event RulesSet(
        uint256 maxTermDays,
        uint256 minSplitUnit,
        bool transfersNeedAcceptance,
        uint256 overdueGraceDays,
        address indexed by
    );
    event FinancingModuleSet(address indexed module);
    /// @notice A voucher was issued and waits for its payee. `face` in fen.
    event VoucherIssued(
        uint256 indexed slotId,
        address indexed payer,
        address indexed payee,
        uint256 face,
        uint256 maturity,
        bytes32 tradeHash
    );
    /// @notice The payee accepted: token 1 (tier 1) holds the whole face.
    event VoucherAccepted(uint256 indexed slotId, uint256 indexed tokenId, address indexed payee);
    /// @notice The payee declined, or the issuer withdrew, a pending voucher; its trade hash is free again.
    event VoucherRejected(uint256 indexed slotId, address indexed by);
    /// @notice `value` fen of `fromTokenId` became the new token `newTokenId` of `to`, at `tier`.
    /// Also emitted for a financed piece (the financier is `to`; tier = the parent's).
    event VoucherSplit(
        uint256 indexed slotId,
        uint256 indexed fromTokenId,
        uint256 indexed newTokenId,
        address from,
        address to,
        uint256 value,
        uint256 tier
    );
    /// @param value fen offered.
    event VoucherOffered(
        uint256 indexed offerId,
        uint256 indexed fromTokenId,
        address indexed to,
        address from,
        uint256 value
    );
    event VoucherOfferAccepted(uint256 indexed offerId, uint256 indexed newTokenId);
    event VoucherOfferRejected(uint256 indexed offerId);
    event VoucherOfferCancelled(uint256 indexed offerId);
    /// @notice All `value` fen of `fromTokenId` moved into `toTokenId`; `fromTokenId` is burned.
    event VoucherMerged(
        uint256 indexed slotId,
        uint256 indexed fromTokenId,
        uint256 indexed toTokenId,
        address owner,
        uint256 value
    );
    event VoucherPledged(uint256 indexed tokenId, address indexed owner, address indexed lender);
    /// @notice The pledge ended: released by the lender, or lapsed when the token was cleared.
    event VoucherPledgeReleased(uint256 indexed tokenId, address indexed lender);
    event VoucherTokenFrozen(uint256 indexed tokenId, address indexed by);
    event VoucherTokenUnfrozen(uint256 indexed tokenId, address indexed by);
    /// @param amount fen paid into the ledger (the face). `late`: paid after maturity.
    event VoucherRepaid(uint256 indexed slotId, address indexed payer, uint256 amount, bool late);
    event VoucherDefaulted(uint256 indexed slotId, address indexed payer, uint256 face, address by);
    /// @notice The holder of `tokenId` was paid `amount` fen (by `clear` or `claim`).
    event VoucherTokenPaid(uint256 indexed tokenId, address indexed holder, uint256 amount);
    /// @notice `clear` could not pay the holder (see e-CNY `PaymentSkipped` for why); `claim` pays it later.
    event VoucherTokenUnclaimed(uint256 indexed tokenId, address indexed holder, uint256 amount);
    /// @notice One page of clearing: tokens up to local index `cursor` are examined. `amount` in fen.
    event VoucherClearingProgressed(uint256 indexed slotId, uint256 cursor, uint256 paidCount, uint256 amount);
    /// @notice Every fen of the face was paid out.
    event VoucherCleared(uint256 indexed slotId, uint256 face);

    // ───────────────────────────── platform ─────────────────────────────

    /// @notice Sets the rule profile (platform operator). Defaults: 183 days, ¥100, false, 30 days.
    /// @param maxTermDays 1..365. @param minSplitUnit fen, ≥ 1. @param overdueGraceDays ≤ 365.
    function setRules(
        uint256 maxTermDays,
        uint256 minSplitUnit,
        bool transfersNeedAcceptance,
        uint256 overdueGraceDays
    ) external;

    /// @notice Trusts `module` (a registered system contract) to split financed pieces and run recourse.
    /// Platform operator, once.
    function setFinancingModule(address module) external;

    /// @notice Judicial freeze of a Live, Pledged or Unclaimed token (platform operator). It cannot move,
    /// be cleared or be claimed until unfrozen.
    function freezeToken(uint256 tokenId) external;

    /// @notice Lifts a freeze (platform operator): the token is Pledged again if a pledge still holds, else Live.
    function unfreezeToken(uint256 tokenId) external;

    // ───────────────────────────── issuance (确权) ─────────────────────────────

    /// @notice An operator bank sets the credit line of an active core enterprise, supplier or distributor.
    /// Only the bank that holds a line may change it while it has a limit or outstanding vouchers. A lower
    /// limit only blocks new issuance.
    /// @param limitFen the line in fen.
    function setCreditLine(address issuer, uint256 limitFen) external;

    /// @notice Confirms a debt to `payee` (any active member but the regulator). The caller, who needs a
    /// credit line, is the payer. The voucher waits for the payee's acceptance.
    /// @param face fen; outstanding + face must fit in the caller's line.
    /// @param maturity project time, in the future and at most `rules().maxTermDays` days away.
    /// @param tradeHash hash of the trade background (contract, invoice, delivery); backs one voucher only.
    /// @return slotId the new voucher.
    function issue(address payee, uint256 face, uint256 maturity, bytes32 tradeHash) external returns (uint256 slotId);

    /// @notice The payee accepts a pending voucher before maturity: token 1 (tier 1) with the whole face.
    /// @return tokenId `(slotId << 32) | 1`.
    function acceptIssuance(uint256 slotId) external returns (uint256 tokenId);

    /// @notice The payee declines, or the issuer withdraws, a pending voucher. Frees the credit line and the
    /// trade hash.
    function rejectIssuance(uint256 slotId) external;

    // ───────────────────────────── split and transfer (拆分流转) ─────────────────────────────

    /// @notice Splits `value` fen of `fromTokenId` into a new token of `to` (tier + 1). Caller: the owner, an
    /// operator of the owner, the token's approved account, or an ERC-3525 value allowance (which it spends);
    /// a caller that acts for the owner must itself be an active member of a holder role (not the regulator).
    /// Refused from maturity on, for a token that is not Live, for a voucher that is not Active, when the
    /// voucher's receivers must accept, for a receiver that is not an active member (or is the regulator or
    /// the holder itself), and for a value of 0, under the voucher's minimum split unit or over the balance.
    /// @return newTokenId the receiver's token.
    function split(uint256 fromTokenId, address to, uint256 value) external returns (uint256 newTokenId);

    /// @notice Offers `value` fen of `fromTokenId` to `to`, who accepts or rejects (same checks as `split`,
    /// made again on acceptance; nothing is locked). Caller: the owner or an ERC-721 operator of the token.
    /// @return offerId the offer.
    function offerTransfer(uint256 fromTokenId, address to, uint256 value) external returns (uint256 offerId);

    /// @notice The receiver accepts: the split happens now if every check still passes.
    /// @return newTokenId the receiver's token.
    function acceptOffer(uint256 offerId) external returns (uint256 newTokenId);

    /// @notice The receiver rejects an open offer.
    function rejectOffer(uint256 offerId) external;

    /// @notice The offering owner withdraws an open offer.
    function cancelOffer(uint256 offerId) external;

    /// @notice Moves all value of `fromTokenId` into `toTokenId` (same voucher, same owner) and burns
    /// `fromTokenId` (status Merged). Caller: as for a whole-token transfer.
    function merge(uint256 fromTokenId, uint256 toTokenId) external;

    // ───────────────────────────── pledge (质押) ─────────────────────────────

    /// @notice The owner pledges a Live token to `lender` (an active operator bank or micro-lender): it
    /// cannot move until the lender releases it. At clearing the holder is paid and the pledge lapses.
    function pledge(uint256 tokenId, address lender) external;

    /// @notice The pledgee releases its pledge.
    function releasePledge(uint256 tokenId) external;

    // ───────────────────────────── repayment and clearing (到期清分) ─────────────────────────────

    /// @notice The payer pays the face once into the ledger (any time before clearing, also late, after a
    /// default). Releases the payer's credit line. Nothing moves afterwards but clearing.
    function repay(uint256 slotId) external;

    /// @notice Any active member but the regulator (it only executes what is owed), from maturity on, once
    /// repaid: examines up to `maxTokens` tokens from the stored cursor, pays every Live or Pledged token with
    /// value in ONE e-CNY `distribute` (pledges lapse), marks the paid ones Cleared and the ones whose wallet
    /// cannot receive Unclaimed (they never block the others). Frozen tokens wait for `claim` after their
    /// unfreezing.
    /// @return paidCount tokens paid in this page.
    /// @return done true when the cursor has reached the voucher's last token.
    function clear(uint256 slotId, uint256 maxTokens) external returns (uint256 paidCount, bool done);

    /// @notice Any active member but the regulator, from maturity on, once repaid: pays one Live, Pledged or
    /// Unclaimed token to its holder (the pull path); the money always goes to the holder, never to the caller.
    /// Reverts with e-CNY's error when the holder's wallet cannot receive.
    /// @return amount fen paid.
    function claim(uint256 tokenId) external returns (uint256 amount);

    /// @notice Any active member but the regulator, from maturity + `overdueGraceDays`, for an unpaid Active
    /// voucher: it is Defaulted (recourse financings may then be exercised). Late repayment is still possible.
    function declareDefault(uint256 slotId) external;

    // ───────────────────────────── financing module hooks ─────────────────────────────

    /// @notice Reverts unless `holder` could move `value` fen of `tokenId` to `financier` now (token Live, owned
    /// by `holder`, an active member; voucher Active and before maturity; value within the rules and the
    /// balance; `financier` not `holder`, an active operator bank or micro-lender), in that order. The checks
    /// of a financing request, with one call to the consortium for the whole transaction.
    /// @return maturity the voucher's maturity.
    function checkFinancing(
        uint256 tokenId,
        address holder,
        address financier,
        uint256 value
    ) external view returns (uint256 maturity);

    /// @notice Financing module only: checks that `financier` is an active operator bank or micro-lender, then
    /// splits `value` fen of `holder`'s token to `financier` at the parent's tier, with every check of `split`
    /// (except the acceptance rule: the financier accepts by approving). The one call to the consortium of
    /// the approval is this hook's: it returns the project time, so the module prices without another.
    /// @return newTokenId the financier's token.
    /// @return maturity the voucher's maturity (for the discount).
    /// @return time the project time of the approval.
    function financeSplit(
        uint256 tokenId,
        address holder,
        address financier,
        uint256 value
    ) external returns (uint256 newTokenId, uint256 maturity, uint256 time);

    /// @notice Financing module only: recourse gives `financier`'s Live token of a Defaulted voucher back to
    /// `seller`.
    /// @return value the token's value in fen (what the seller owes the financier).
    function recourseTransfer(uint256 tokenId, address financier, address seller) external returns (uint256 value);

    // ───────────────────────────── views ─────────────────────────────

    function voucherOf(uint256 slotId) external view returns (VoucherView memory);

    function tokenOf(uint256 tokenId) external view returns (TokenView memory);

    /// @notice The voucher's tokens (its lineage tree) with local indices offset+1 … offset+limit.
    function tokensOfVoucher(uint256 slotId, uint256 offset, uint256 limit) external view returns (TokenView[] memory);

    /// @notice Face in fen of the issuer's vouchers not yet repaid (pending ones included).
    function outstandingOf(address issuer) external view returns (uint256);

    function creditLineOf(address issuer) external view returns (CreditLine memory);

    function offerOf(uint256 offerId) external view returns (Offer memory);

    function offerCount() external view returns (uint256);

    function voucherCount() external view returns (uint256);

    /// @notice The voucher a trade background backs (0: none).
    function voucherOfTrade(bytes32 tradeHash) external view returns (uint256 slotId);

    function rules() external view returns (Rules memory);

    function financingModule() external view returns (address);
}
