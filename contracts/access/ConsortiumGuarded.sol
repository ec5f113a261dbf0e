// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IConsortium} from "../interfaces/IConsortium.sol";

/// @title ConsortiumGuarded
/// @notice The base of every project contract: role checks against the one Consortium registry and
/// the project's one clock. Roles are combined as bit masks: `_roles(Role.OperatorBank)`.
abstract contract ConsortiumGuarded {
    IConsortium public immutable consortium;

    constructor(IConsortium consortium_) {
        consortium = consortium_;
    }

    /// @dev The members `a`, `b`, `c` (zero address: skipped) and the project time, in ONE call to the
    /// registry — calls are the dearest thing a transaction does, so hot paths check through this.
    function _context(
        address a,
        address b,
        address c
    )
        internal
        view
        returns (IConsortium.Member memory ma, IConsortium.Member memory mb, IConsortium.Member memory mc, uint256 time)
    {
        // The same call as `consortium.context(a, b, c)`, encoded and decoded by hand: ABI-decoding three
        // structs costs more EVM steps than the call saves. The answer is 3 × (role, status, admittedAt) + time.
        IConsortium target = consortium;
        bytes4 selector = IConsortium.context.selector;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, selector)
            mstore(add(p, 0x04), a)
            mstore(add(p, 0x24), b)
            mstore(add(p, 0x44), c)
            if iszero(staticcall(gas(), target, p, 0x64, p, 0x140)) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
            mcopy(ma, p, 0x60)
            mcopy(mb, add(p, 0x60), 0x60)
            mcopy(mc, add(p, 0xc0), 0x60)
            time := mload(add(p, 0x120))
        }
    }

    /// @dev Reverts unless member `m` (of `account`) is active with a role in `allowedRoles`.
    function _check(address account, IConsortium.Member memory m, uint256 allowedRoles) internal pure {
        if (m.status != IConsortium.Status.Active) revert IConsortium.MemberNotActive(account, m.status);
        if (allowedRoles & (1 << uint8(m.role)) == 0)
            revert IConsortium.MemberRoleNotAllowed(account, m.role, allowedRoles);
    }

    /// @dev Reverts unless `account` is an active member whose role is in `allowedRoles`.
    /// @return role the member's role, for callers that branch on it.
    function _requireRole(address account, uint256 allowedRoles) internal view returns (IConsortium.Role role) {
        IConsortium.Member memory m = consortium.memberOf(account);
        if (m.status != IConsortium.Status.Active) revert IConsortium.MemberNotActive(account, m.status);
        if (allowedRoles & (1 << uint8(m.role)) == 0)
            revert IConsortium.MemberRoleNotAllowed(account, m.role, allowedRoles);
        return m.role;
    }

    /// @dev Reverts unless `account` is an active member (any role).
    function _requireActive(address account) internal view {
        IConsortium.Status status = consortium.statusOf(account);
        if (status != IConsortium.Status.Active) revert IConsortium.MemberNotActive(account, status);
    }

    /// @dev The project's time (block time plus the simulated offset).
    function _now() internal view returns (uint256) {
        return consortium.currentTime();
    }

    function _role(IConsortium.Role r) internal pure returns (uint256) {
        return 1 << uint8(r);
    }

    function _roles(IConsortium.Role a, IConsortium.Role b) internal pure returns (uint256) {
        return (1 << uint8(a)) | (1 << uint8(b));
    }

    function _roles(IConsortium.Role a, IConsortium.Role b, IConsortium.Role c) internal pure returns (uint256) {
        return (1 << uint8(a)) | (1 << uint8(b)) | (1 << uint8(c));
    }

    /// @dev Every role that may hold assets: all but None and Regulator (the regulator changes nothing).
    function _holderRoles() internal pure returns (uint256) {
        return
            ((1 << 16) - 1) &
            ~uint256(1 << uint8(IConsortium.Role.None)) &
            ~uint256(1 << uint8(IConsortium.Role.Regulator));
    }
}
