// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IConsortium} from "../interfaces/IConsortium.sol";
import {IPropertyRegistry} from "../interfaces/IPropertyRegistry.sol";
import {ConsortiumGuarded} from "../access/ConsortiumGuarded.sol";

/// @title PropertyRegistry
/// @notice Registered rural property rights and warehouse receipts as ERC-721 tokens that only the
/// registry moves.
/// @dev Invariants:
///  - a certificate number maps to at most one right, forever (a right is never burned);
///  - a right carries at most one lien; only the system contract that placed it releases it or
///    disposes of the right under it;
///  - a right under a lien never changes holder except through `disposeUnderLien`, which lifts the lien
///    in the same step;
///  - no holder-initiated transfer or approval ever succeeds: every change of holder goes through
///    `_update` with no `auth`, from `transferByRegistry` or `disposeUnderLien`, and emits
///    `RightTransferred` with its reason;
///  - an appraisal is never valid beyond the right's term;
///  - each transaction asks the Consortium at most once (`context`: its members and the time at once).
///  It deliberately does not check: that the lender of a lien is a member (the placing contract
///  does), that the holder consented to a lien (the placing contract's own flow is that consent), the
///  legal content of certificates (the registry authority is trusted), and that a receiving holder
///  has the same role as the registered one (transfers may go to any member that may hold assets,
///  e.g. a bank after a disposal). A system contract holding a lien is trusted, as with consent, with
///  what it has just read from the Consortium: the time it places the lien at and the membership of
///  the buyer it disposes of the right to (the registry refuses only the zero address there).
///  A system contract, once registered, stays one (the Consortium cannot unregister it), so the
///  registry asks the Consortium about a lien placer only the first time.
contract PropertyRegistry is IPropertyRegistry, ERC721, ConsortiumGuarded {
    // ───────────────────────────── storage ─────────────────────────────

    uint256 private constant _MAX_TEXT = 64;

    mapping(uint256 rightId => Right) private _rights;
    mapping(uint256 rightId => Appraisal) private _appraisals;
    mapping(uint256 rightId => Lien) private _liens;
    mapping(bytes32 certificateHash => uint256 rightId) private _byCertificate;
    mapping(address placer => bool) private _knownSystemContracts;
    uint256 private _rightCount;

    constructor(IConsortium consortium_) ERC721("Registered Property Right", "RIGHT") ConsortiumGuarded(consortium_) {}

    // ───────────────────────────── registration ─────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function register(
        Kind kind,
        string calldata certificateNo,
        string calldata county,
        string calldata village,
        uint256 areaCentiMu,
        uint256 termStart,
        uint256 termEnd,
        address holder
    ) external returns (uint256 rightId) {
        uint256 nowTime = _checkRegistrant(kind, holder);
        _checkText(certificateNo, county, village);
        if (termStart >= termEnd || termEnd <= nowTime || termEnd > type(uint40).max) {
            revert RegistryInvalidTerm(termStart, termEnd, nowTime);
        }
        if (areaCentiMu == 0 || areaCentiMu > type(uint64).max) revert RegistryInvalidArea(areaCentiMu);
        rightId = _claimCertificate(certificateNo);

        // Field by field: a struct literal with three calldata strings is too deep for the legacy pipeline.
        Right storage r = _rights[rightId];
        r.kind = kind;
        r.termStart = uint40(termStart); // < termEnd ≤ 2^40 − 1, checked above
        r.termEnd = uint40(termEnd);
        r.registeredAt = uint40(nowTime);
        r.areaCentiMu = uint64(areaCentiMu); // ≤ 2^64 − 1, checked above
        r.registeredBy = msg.sender;
        r.certificateNo = certificateNo;
        r.county = county;
        r.village = village;
        _mint(holder, rightId);
        _emitRegistered(rightId, holder);
    }

    /// @inheritdoc IPropertyRegistry
    function transferByRegistry(uint256 rightId, address to, TransferReason reason) external {
        Right storage r = _existing(rightId);
        (IConsortium.Member memory caller, IConsortium.Member memory recipient, , ) = _context(
            msg.sender,
            to,
            address(0)
        );
        _check(
            msg.sender,
            caller,
            r.kind == Kind.WarehouseReceipt
                ? _roles(IConsortium.Role.Registry, IConsortium.Role.Logistics)
                : _role(IConsortium.Role.Registry)
        );
        if (reason == TransferReason.LienDisposal) revert RegistryReservedReason(reason);
        _check(to, recipient, _holderRoles());
        _move(rightId, to, reason);
    }

    /// @inheritdoc IPropertyRegistry
    function appraise(uint256 rightId, uint256 valueFen, uint256 validUntil) external {
        (IConsortium.Member memory caller, , , uint256 nowTime) = _context(msg.sender, address(0), address(0));
        _check(msg.sender, caller, _role(IConsortium.Role.Appraiser));
        Right storage r = _existing(rightId);
        if (valueFen == 0 || valueFen > type(uint96).max) revert RegistryInvalidValue(valueFen);
        uint256 termEnd = r.termEnd;
        if (validUntil <= nowTime || validUntil > termEnd) {
            revert RegistryInvalidValidity(rightId, validUntil, nowTime, termEnd);
        }
        _appraisals[rightId] = Appraisal({
            valueFen: uint96(valueFen),
            validUntil: uint40(validUntil), // ≤ termEnd, a uint40
            appraisedAt: uint40(nowTime),
            appraiser: msg.sender
        });
        emit RightAppraised(rightId, msg.sender, valueFen, validUntil);
    }

    // ───────────────────────────── liens (system contracts) ─────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function placeLien(uint256 rightId, address lender, uint256 loanId, uint256 placedAt) external {
        if (!_knownSystemContracts[msg.sender]) {
            if (!consortium.isSystemContract(msg.sender)) revert RegistryNotSystemContract(msg.sender);
            _knownSystemContracts[msg.sender] = true; // never unregistered: asked once per placer
        }
        _existing(rightId);
        Lien storage lien = _liens[rightId];
        if (lien.lender != address(0)) revert RegistryLienExists(rightId, lien.lender, lien.loanId);
        if (lender == address(0) || loanId == 0 || loanId > type(uint96).max)
            revert RegistryInvalidLien(lender, loanId);
        _liens[rightId] = Lien({
            lender: lender,
            loanId: uint96(loanId),
            placedBy: msg.sender,
            placedAt: uint40(placedAt) // the project time, as the placer read it: < 2^40
        });
        emit LienPlaced(rightId, lender, loanId, msg.sender);
    }

    /// @inheritdoc IPropertyRegistry
    function releaseLien(uint256 rightId) external {
        _lift(rightId);
    }

    /// @inheritdoc IPropertyRegistry
    function disposeUnderLien(uint256 rightId, address to) external {
        _lift(rightId);
        // The placer checked that `to` may hold the right; the zero address is never a member.
        if (to == address(0)) revert IConsortium.MemberNotActive(to, IConsortium.Status.None);
        _move(rightId, to, TransferReason.LienDisposal);
    }

    // ───────────────────────────── ERC-721: holders may not move rights ─────────────────────────────

    // `transferFrom` and both `safeTransferFrom` are refused by `_update` (they pass the caller as
    // `auth`; this contract never does): `RegistryHolderTransferRefused(rightId, caller)`.

    /// @notice Refused: rights cannot be approved to anyone.
    function approve(address, uint256 rightId) public view override(ERC721, IERC721) {
        revert RegistryHolderTransferRefused(rightId, msg.sender);
    }

    /// @notice Refused: rights cannot be approved to anyone.
    /// The error carries right id 0: the call names no right.
    function setApprovalForAll(address, bool) public view override(ERC721, IERC721) {
        revert RegistryHolderTransferRefused(0, msg.sender);
    }

    // ───────────────────────────── views ─────────────────────────────

    /// @inheritdoc IPropertyRegistry
    function rightOf(uint256 rightId) external view returns (Right memory) {
        return _rights[rightId];
    }

    /// @inheritdoc IPropertyRegistry
    function appraisalOf(uint256 rightId) external view returns (Appraisal memory) {
        return _appraisals[rightId];
    }

    /// @inheritdoc IPropertyRegistry
    function validAppraisal(uint256 rightId) external view returns (uint256 valueFen) {
        return _validAppraisal(rightId, _now());
    }

    /// @inheritdoc IPropertyRegistry
    function collateralOf(uint256 rightId) external view returns (CollateralView memory) {
        _existing(rightId);
        return _collateral(rightId, _now());
    }

    /// @inheritdoc IPropertyRegistry
    function collateralAt(uint256 rightId, uint256 time) external view returns (CollateralView memory) {
        _existing(rightId);
        return _collateral(rightId, time);
    }

    /// @inheritdoc IPropertyRegistry
    function lienOf(uint256 rightId) external view returns (Lien memory) {
        return _liens[rightId];
    }

    /// @inheritdoc IPropertyRegistry
    function hasLien(uint256 rightId) external view returns (bool) {
        return _liens[rightId].lender != address(0);
    }

    /// @inheritdoc IPropertyRegistry
    function rightIdOf(string calldata certificateNo) external view returns (uint256) {
        return _byCertificate[keccak256(bytes(certificateNo))];
    }

    /// @inheritdoc IPropertyRegistry
    function rightCount() external view returns (uint256) {
        return _rightCount;
    }

    // ───────────────────────────── internals ─────────────────────────────

    /// @dev The one path of every change of holder (mint included). `auth` is set only by the
    /// inherited public transfer functions, which are thereby refused; and a right under a lien never moves here:
    /// `disposeUnderLien` lifts the lien first.
    function _update(address to, uint256 rightId, address auth) internal override returns (address) {
        if (auth != address(0)) revert RegistryHolderTransferRefused(rightId, auth);
        Lien storage lien = _liens[rightId];
        if (lien.lender != address(0)) revert RegistryRightUnderLien(rightId, lien.lender, lien.loanId);
        return super._update(to, rightId, address(0));
    }

    /// @dev The caller has checked `to`.
    function _move(uint256 rightId, address to, TransferReason reason) private {
        address from = _ownerOf(rightId);
        if (to == from) revert RegistrySameHolder(rightId, to);
        _update(to, rightId, address(0));
        emit RightTransferred(rightId, from, to, reason, msg.sender);
    }

    function _lift(uint256 rightId) private {
        Lien memory lien = _liens[rightId];
        if (lien.lender == address(0)) revert RegistryNoLien(rightId);
        if (msg.sender != lien.placedBy) revert RegistryNotLienHolder(rightId, msg.sender, lien.placedBy);
        delete _liens[rightId];
        emit LienReleased(rightId, lien.lender, lien.loanId, msg.sender);
    }

    /// @dev Checks the registrant and the holder; returns the project time (the same one Consortium call).
    function _checkRegistrant(Kind kind, address holder) private view returns (uint256 nowTime) {
        IConsortium.Member memory caller;
        IConsortium.Member memory h;
        (caller, h, , nowTime) = _context(msg.sender, holder, address(0));
        if (kind == Kind.WarehouseReceipt) {
            _check(msg.sender, caller, _role(IConsortium.Role.Logistics));
            _check(holder, h, _roles(IConsortium.Role.Distributor, IConsortium.Role.Supplier));
        } else {
            _check(msg.sender, caller, _role(IConsortium.Role.Registry));
            _check(holder, h, _role(IConsortium.Role.Farmer));
        }
    }

    function _checkText(string calldata certificateNo, string calldata county, string calldata village) private pure {
        uint256 certLength = bytes(certificateNo).length;
        uint256 countyLength = bytes(county).length;
        uint256 villageLength = bytes(village).length;
        if (certLength == 0 || certLength > _MAX_TEXT || countyLength > _MAX_TEXT || villageLength > _MAX_TEXT) {
            revert RegistryInvalidText(certLength, countyLength, villageLength);
        }
    }

    /// @dev Refuses a certificate number seen before; numbers the new right and records the number.
    function _claimCertificate(string calldata certificateNo) private returns (uint256 rightId) {
        bytes32 certHash = keccak256(bytes(certificateNo));
        uint256 existing = _byCertificate[certHash];
        if (existing != 0) revert RegistryCertificateAlreadyRegistered(certificateNo, existing);
        rightId = ++_rightCount;
        _byCertificate[certHash] = rightId;
    }

    /// @dev Emits `RightRegistered` from storage (keeps `register` within the stack limit).
    function _emitRegistered(uint256 rightId, address holder) private {
        Right storage r = _rights[rightId];
        emit RightRegistered(
            rightId,
            r.kind,
            holder,
            r.certificateNo,
            r.county,
            r.village,
            r.areaCentiMu,
            r.termStart,
            r.termEnd,
            msg.sender
        );
    }

    /// @dev The collateral view of an existing right, its appraisal as it counts at `time`.
    function _collateral(uint256 rightId, uint256 time) private view returns (CollateralView memory) {
        Right storage r = _rights[rightId];
        return
            CollateralView({
                holder: _ownerOf(rightId),
                kind: r.kind,
                liened: _liens[rightId].lender != address(0),
                termEnd: r.termEnd,
                appraisalFen: _validAppraisal(rightId, time)
            });
    }

    function _validAppraisal(uint256 rightId, uint256 time) private view returns (uint256) {
        Appraisal storage a = _appraisals[rightId];
        if (time > a.validUntil) return 0;
        return a.valueFen;
    }

    function _existing(uint256 rightId) private view returns (Right storage r) {
        r = _rights[rightId];
        if (r.registeredAt == 0) revert RegistryUnknownRight(rightId);
    }
}
