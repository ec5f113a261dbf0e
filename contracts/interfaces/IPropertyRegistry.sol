// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @title Property-right registry (三权确权登记): registered rights as non-transferable ERC-721 tokens.
/// @notice The registry authority registers (确权) the three rural rights — land management rights
/// (土地经营权), forest rights (林权) and aquaculture rights on water and tidal flats (水域滩涂养殖权) —
/// for farmers and cooperatives; a logistics/warehouse member registers warehouse receipts (仓单) for
/// distributors' and suppliers' inventory. Appraisers value rights (评估); a lending contract places a
/// public lien (抵押登记) on a right pledged to a loan and releases it when the loan is repaid, or
/// disposes of the right (处置) to a buyer after a default.
///
/// Lifecycle of a right: registered → (appraised)* → [lien placed → (released | disposed under lien)]*,
/// with registry transfers (流转, 继承, 司法) only while no lien is on it. Holders cannot transfer or
/// approve their rights themselves: every change of holder is made by the registry and recorded with
/// its reason (`RightTransferred`).
interface IPropertyRegistry is IERC721 {
    /// @notice What a right is. The first three are rural rights registered by a Registry member for a
    /// Farmer-role holder; a WarehouseReceipt is registered by a Logistics member for a Distributor or
    /// Supplier holder.
    enum Kind {
        LandManagement,
        Forest,
        Aquaculture,
        WarehouseReceipt
    }

    /// @notice Why a right changed holder. `LienDisposal` is reserved for `disposeUnderLien`.
    enum TransferReason {
        Circulation, // 流转: lease or transfer of the management right
        Inheritance, // 继承
        CourtOrder, // 司法裁定
        Disposal, // 处置 outside a lien held on this chain (e.g. an off-chain enforcement)
        LienDisposal // 抵押物处置 by the lending contract holding the lien
    }

    /// @notice A registered right (stored).
    /// @param areaCentiMu area in hundredths of a mu (亩; 1 mu ≈ 666.7 m²); for a WarehouseReceipt the
    /// quantity of goods in hundredths of the receipt's unit (e.g. 0.01 t of rebar).
    /// @param termStart first second of the right's term (project time); termEnd its end (exclusive).
    struct Right {
        Kind kind;
        uint40 termStart;
        uint40 termEnd;
        uint40 registeredAt;
        uint64 areaCentiMu;
        address registeredBy;
        string certificateNo;
        string county;
        string village;
    }

    /// @notice The latest appraisal of a right (stored); an older one is overwritten.
    /// @param valueFen appraised value in fen.
    /// @param validUntil last second (project time) at which the appraisal counts.
    struct Appraisal {
        uint96 valueFen;
        uint40 validUntil;
        uint40 appraisedAt;
        address appraiser;
    }

    /// @notice A public lien (抵押登记). `placedBy` is the system contract that placed it and the only
    /// one that may release it or dispose of the right under it.
    struct Lien {
        address lender;
        uint96 loanId;
        address placedBy;
        uint40 placedAt;
    }

    /// @notice What a lender checks before taking a right as collateral, returned by one call.
    /// @param appraisalFen the latest appraisal while it counts, else 0 (as `validAppraisal`).
    /// @param termEnd end of the right's term; `liened` true when the right carries a lien.
    struct CollateralView {
        address holder;
        Kind kind;
        bool liened;
        uint256 termEnd;
        uint256 appraisalFen;
    }

    // ───────────────────────────── errors ─────────────────────────────

    /// @notice The right does not exist.
    error RegistryUnknownRight(uint256 rightId);
    /// @notice This certificate number is already registered, as `rightId`.
    error RegistryCertificateAlreadyRegistered(string certificateNo, uint256 rightId);
    /// @notice Certificate number missing or longer than 64 bytes; county/village longer than 64 bytes.
    error RegistryInvalidText(uint256 certificateLength, uint256 countyLength, uint256 villageLength);
    /// @notice The term must start before it ends, end in the future and fit in 40 bits.
    error RegistryInvalidTerm(uint256 termStart, uint256 termEnd, uint256 nowTime);
    /// @notice The area (or quantity) must be non-zero and fit in 64 bits.
    error RegistryInvalidArea(uint256 areaCentiMu);
    /// @notice The appraised value must be non-zero and fit in 96 bits.
    error RegistryInvalidValue(uint256 valueFen);
    /// @notice An appraisal must be valid in the future and not beyond the right's term.
    error RegistryInvalidValidity(uint256 rightId, uint256 validUntil, uint256 nowTime, uint256 termEnd);
    /// @notice Holders cannot transfer or approve rights: only the registry moves them.
    error RegistryHolderTransferRefused(uint256 rightId, address caller);
    /// @notice The right is under a lien and cannot move (except by disposal under that lien).
    error RegistryRightUnderLien(uint256 rightId, address lender, uint256 loanId);
    /// @notice The right already carries a lien (at most one per right).
    error RegistryLienExists(uint256 rightId, address lender, uint256 loanId);
    /// @notice The right carries no lien.
    error RegistryNoLien(uint256 rightId);
    /// @notice Only the system contract that placed the lien may release it or dispose under it.
    error RegistryNotLienHolder(uint256 rightId, address caller, address placedBy);
    /// @notice Liens are placed only by registered project contracts.
    error RegistryNotSystemContract(address caller);
    /// @notice The new holder is the current holder.
    error RegistrySameHolder(uint256 rightId, address holder);
    /// @notice The lender of a lien must be a non-zero address and a loan id non-zero and within 96 bits.
    error RegistryInvalidLien(address lender, uint256 loanId);
    /// @notice `LienDisposal` is reserved for `disposeUnderLien`.
    error RegistryReservedReason(TransferReason reason);

    // ───────────────────────────── events ─────────────────────────────

    /// @notice A right was registered (确权登记) and minted to its holder.
    /// @param areaCentiMu area in hundredths of a mu (quantity for a warehouse receipt).
    event RightRegistered(
        uint256 indexed rightId,
        Kind indexed kind,
        address indexed holder,
        string certificateNo,
        string county,
        string village,
        uint256 areaCentiMu,
        uint256 termStart,
        uint256 termEnd,
        address by
    );
    /// @param valueFen appraised value in fen; validUntil the last second it counts.
    event RightAppraised(uint256 indexed rightId, address indexed appraiser, uint256 valueFen, uint256 validUntil);
    /// @notice A public lien was registered for `lender` as security for `loanId`.
    event LienPlaced(uint256 indexed rightId, address indexed lender, uint256 indexed loanId, address by);
    /// @notice The lien was lifted (loan repaid or collateral disposed of).
    event LienReleased(uint256 indexed rightId, address indexed lender, uint256 indexed loanId, address by);
    /// @notice The registry changed the holder of a right.
    event RightTransferred(
        uint256 indexed rightId,
        address indexed from,
        address indexed to,
        TransferReason reason,
        address by
    );

    // ───────────────────────────── registration ─────────────────────────────

    /// @notice Registers a right and mints it to `holder`. Rural kinds: caller an active Registry
    /// member, holder an active Farmer. WarehouseReceipt: caller an active Logistics member, holder an
    /// active Distributor or Supplier. A certificate number registers once.
    /// @param areaCentiMu area in hundredths of a mu (> 0); quantity for a warehouse receipt.
    /// @param termStart start of the term; termEnd its end: termStart < termEnd, termEnd > now.
    /// @return rightId the new right's id (starting at 1).
    function register(
        Kind kind,
        string calldata certificateNo,
        string calldata county,
        string calldata village,
        uint256 areaCentiMu,
        uint256 termStart,
        uint256 termEnd,
        address holder
    ) external returns (uint256 rightId);

    /// @notice Moves a right not under lien to `to` (an active member that may hold assets). Caller:
    /// an active Registry member, or for a WarehouseReceipt also an active Logistics member.
    function transferByRegistry(uint256 rightId, address to, TransferReason reason) external;

    /// @notice Records an appraisal (评估) by an active Appraiser; the latest appraisal counts.
    /// @param valueFen value in fen (> 0); validUntil: now < validUntil ≤ the right's termEnd.
    function appraise(uint256 rightId, uint256 valueFen, uint256 validUntil) external;

    // ───────────────────────────── liens (system contracts) ─────────────────────────────

    /// @notice Places the right's one lien for `lender` and `loanId`. Caller: a registered system
    /// contract (the LoanBook), trusted to have the holder's consent (the loan application).
    /// @param placedAt the project time of the placing transaction, which the system contract has
    /// just read from the Consortium (recorded as `Lien.placedAt`; it saves the registry asking again).
    function placeLien(uint256 rightId, address lender, uint256 loanId, uint256 placedAt) external;

    /// @notice Lifts the lien. Caller: the system contract that placed it.
    function releaseLien(uint256 rightId) external;

    /// @notice Lifts the lien and moves the right to `to`, in one step. Caller: the system contract
    /// that placed the lien, which checks that `to` is an active member that may hold assets (it has
    /// just asked the Consortium about its own parties); the registry refuses only the zero address.
    function disposeUnderLien(uint256 rightId, address to) external;

    // ───────────────────────────── views ─────────────────────────────

    function rightOf(uint256 rightId) external view returns (Right memory);
    function appraisalOf(uint256 rightId) external view returns (Appraisal memory);
    /// @notice The latest appraisal's value in fen while it counts (now ≤ validUntil), else 0.
    function validAppraisal(uint256 rightId) external view returns (uint256 valueFen);
    function lienOf(uint256 rightId) external view returns (Lien memory);
    /// @notice Holder, kind, lien flag, term end and valid appraisal of an existing right, in one call.
    function collateralOf(uint256 rightId) external view returns (CollateralView memory);
    /// @notice As `collateralOf`, with the appraisal that counts at project time `time` (a caller that
    /// already knows the time saves the registry asking the Consortium for it).
    function collateralAt(uint256 rightId, uint256 time) external view returns (CollateralView memory);
    function hasLien(uint256 rightId) external view returns (bool);
    /// @notice The right registered under a certificate number (0 if none).
    function rightIdOf(string calldata certificateNo) external view returns (uint256);
    function rightCount() external view returns (uint256);
}
