// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IConsortium} from "../interfaces/IConsortium.sol";

/// @title Consortium
/// @notice The membership registry and clock of the consortium chain.
/// @dev Invariants:
///  - every member has exactly one role, never `Role.None`;
///  - a removed member stays removed (its history stays readable); it may not be re-admitted
///    under the same address, so an old role can never silently come back;
///  - at least one active platform operator exists (an operator cannot suspend or remove itself);
///  - `clockOffset` only grows, and only when the deployment chose an adjustable clock.
/// It deliberately does not check names (any UTF-8 display name is accepted; the chain's events
/// keep them) and keeps no enumeration of members (the indexer reads `MemberAdmitted`).
contract Consortium is IConsortium {
    // ───────────────────────────── storage ─────────────────────────────

    mapping(address account => Member) private _members;
    mapping(address account => bool) private _systemContracts;
    uint256 private _memberCount;
    uint256 private _clockOffset;
    bool private immutable _clockAdjustable;

    /// @param operator the first platform operator.
    /// @param operatorName its display name.
    /// @param adjustableClock true for simulation deployments whose chain time cannot be moved.
    constructor(address operator, string memory operatorName, bool adjustableClock) {
        if (operator == address(0)) revert ConsortiumZeroAddress();
        _clockAdjustable = adjustableClock;
        _admit(operator, Role.PlatformOperator, operatorName, operator);
    }

    modifier onlyOperator() {
        Member storage m = _members[msg.sender];
        if (m.role != Role.PlatformOperator || m.status != Status.Active) revert ConsortiumNotOperator(msg.sender);
        _;
    }

    // ─────────────────────────── operator API ───────────────────────────

    /// @inheritdoc IConsortium
    function admit(address account, Role role, string calldata name) external onlyOperator {
        _admit(account, role, name, msg.sender);
    }

    /// @inheritdoc IConsortium
    function suspend(address account) external onlyOperator {
        if (account == msg.sender) revert ConsortiumCannotTargetSelf(account);
        Member storage m = _members[account];
        if (m.status != Status.Active) revert ConsortiumWrongStatus(account, m.status);
        m.status = Status.Suspended;
        emit MemberSuspended(account, msg.sender);
    }

    /// @inheritdoc IConsortium
    function reinstate(address account) external onlyOperator {
        Member storage m = _members[account];
        if (m.status != Status.Suspended) revert ConsortiumWrongStatus(account, m.status);
        m.status = Status.Active;
        emit MemberReinstated(account, msg.sender);
    }

    /// @inheritdoc IConsortium
    function remove(address account) external onlyOperator {
        if (account == msg.sender) revert ConsortiumCannotTargetSelf(account);
        Member storage m = _members[account];
        if (m.status != Status.Active && m.status != Status.Suspended) revert ConsortiumWrongStatus(account, m.status);
        m.status = Status.Removed;
        unchecked {
            --_memberCount; // a member with status Active or Suspended was counted on admission
        }
        emit MemberRemoved(account, msg.sender);
    }

    /// @inheritdoc IConsortium
    function registerSystemContract(address account, string calldata name) external onlyOperator {
        if (account == address(0)) revert ConsortiumZeroAddress();
        if (_systemContracts[account]) revert ConsortiumAlreadySystemContract(account);
        _systemContracts[account] = true;
        emit SystemContractRegistered(account, name);
    }

    /// @inheritdoc IConsortium
    function advanceClock(uint256 secondsForward) external onlyOperator {
        if (!_clockAdjustable) revert ConsortiumClockFixed();
        _clockOffset += secondsForward;
        emit ClockAdvanced(secondsForward, _clockOffset);
    }

    // ─────────────────────────────── views ───────────────────────────────

    /// @inheritdoc IConsortium
    function memberOf(address account) external view returns (Member memory) {
        return _members[account];
    }

    /// @inheritdoc IConsortium
    function context(
        address a,
        address b,
        address c
    ) external view returns (Member memory, Member memory, Member memory, uint256) {
        // Every guarded transaction calls this, and the chain's time goes by EVM steps: the members are
        // read from their packed slots and returned by hand (the zero address, "no member", skips its read).
        // Layout of a Member slot: role (bits 0-7), status (8-15), admittedAt (16-55).
        // A fixed clock's offset is zero forever (advanceClock refuses): its slot is not read.
        uint256 offset = _clockAdjustable ? _clockOffset : 0;
        assembly ("memory-safe") {
            function put(p, who, slot) {
                let v := 0
                if who {
                    mstore(0x00, who)
                    mstore(0x20, slot)
                    v := sload(keccak256(0x00, 0x40))
                }
                mstore(p, and(v, 0xff))
                mstore(add(p, 0x20), and(shr(8, v), 0xff))
                mstore(add(p, 0x40), and(shr(16, v), 0xffffffffff))
            }
            let p := mload(0x40)
            put(p, a, _members.slot)
            put(add(p, 0x60), b, _members.slot)
            put(add(p, 0xc0), c, _members.slot)
            mstore(add(p, 0x120), add(timestamp(), offset))
            return(p, 0x140)
        }
    }

    /// @inheritdoc IConsortium
    function roleOf(address account) external view returns (Role) {
        return _members[account].role;
    }

    /// @inheritdoc IConsortium
    function statusOf(address account) external view returns (Status) {
        return _members[account].status;
    }

    /// @inheritdoc IConsortium
    function isActive(address account) external view returns (bool) {
        return _members[account].status == Status.Active;
    }

    /// @inheritdoc IConsortium
    function isSystemContract(address account) external view returns (bool) {
        return _systemContracts[account];
    }

    /// @inheritdoc IConsortium
    function memberCount() external view returns (uint256) {
        return _memberCount;
    }

    /// @inheritdoc IConsortium
    function currentTime() external view returns (uint256) {
        return _clockAdjustable ? block.timestamp + _clockOffset : block.timestamp;
    }

    /// @inheritdoc IConsortium
    function clockAdjustable() external view returns (bool) {
        return _clockAdjustable;
    }

    /// @inheritdoc IConsortium
    function clockOffset() external view returns (uint256) {
        return _clockOffset;
    }

    // ───────────────────────────── internals ─────────────────────────────

    function _admit(address account, Role role, string memory name, address by) private {
        if (account == address(0)) revert ConsortiumZeroAddress();
        if (role == Role.None) revert ConsortiumInvalidRole(uint8(role));
        Member storage m = _members[account];
        if (m.status != Status.None) revert ConsortiumAlreadyMember(account, m.status);
        m.role = role;
        m.status = Status.Active;
        m.admittedAt = uint40(block.timestamp);
        unchecked {
            ++_memberCount; // bounded by the number of addresses ever admitted
        }
        emit MemberAdmitted(account, role, name, by);
    }
}
