// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Consortium membership (联盟成员): the one permission model of the project.
/// @notice Every contract of the project asks this registry who an account is and whether it may
/// act. The platform operator admits, suspends, reinstates and removes members; each member has one
/// role. It is also the project's single clock, so a deployment on a chain whose time cannot be
/// moved can still run a simulation.
interface IConsortium {
    /// @notice The roles of DOMAIN.md. `None` means "not a member".
    enum Role {
        None,
        PlatformOperator,
        CentralBank,
        OperatorBank,
        CoreEnterprise,
        Supplier,
        Distributor,
        MicroLender,
        Guarantor,
        Logistics,
        Registry,
        Appraiser,
        Farmer,
        Merchant,
        Regulator,
        DataFeed
    }

    /// @notice Membership lifecycle: admitted → (suspended ⇄ active) → removed.
    enum Status {
        None,
        Active,
        Suspended,
        Removed
    }

    struct Member {
        Role role;
        Status status;
        uint40 admittedAt;
    }

    // ───────────────────────────── errors ─────────────────────────────

    /// @notice The caller is not an active platform operator.
    error ConsortiumNotOperator(address caller);
    /// @notice The zero address cannot be a member or a system contract.
    error ConsortiumZeroAddress();
    /// @notice `Role.None` (or an out-of-range value) cannot be given.
    error ConsortiumInvalidRole(uint8 role);
    /// @notice The account is already a member (active or suspended).
    error ConsortiumAlreadyMember(address account, Status status);
    /// @notice The transition is not allowed from the member's current status.
    error ConsortiumWrongStatus(address account, Status status);
    /// @notice An operator cannot suspend or remove itself (the consortium would lose its admin).
    error ConsortiumCannotTargetSelf(address operator);
    /// @notice The account is already registered as a system contract.
    error ConsortiumAlreadySystemContract(address account);
    /// @notice The clock of this deployment is the chain's own and cannot be moved.
    error ConsortiumClockFixed();
    /// @notice Shared by every guarded contract: `account` is not an active member.
    error MemberNotActive(address account, Status status);
    /// @notice Shared by every guarded contract: `account`'s role is not among `allowedRoles`
    /// (a bit mask: bit r set means Role r is allowed).
    error MemberRoleNotAllowed(address account, Role role, uint256 allowedRoles);

    // ───────────────────────────── events ─────────────────────────────

    /// @notice A member was admitted with a role. `name` is the display name (UTF-8).
    event MemberAdmitted(address indexed account, Role indexed role, string name, address indexed by);
    event MemberSuspended(address indexed account, address indexed by);
    event MemberReinstated(address indexed account, address indexed by);
    event MemberRemoved(address indexed account, address indexed by);
    /// @notice A project contract was registered: it may hold e-CNY in custody for members.
    event SystemContractRegistered(address indexed account, string name);
    /// @notice The simulated clock moved forward by `secondsForward`; `offset` is the new total.
    event ClockAdvanced(uint256 secondsForward, uint256 offset);

    // ─────────────────────────── operator API ───────────────────────────

    function admit(address account, Role role, string calldata name) external;
    function suspend(address account) external;
    function reinstate(address account) external;
    function remove(address account) external;
    function registerSystemContract(address account, string calldata name) external;
    /// @notice Moves the project clock forward (only on deployments made with an adjustable clock).
    function advanceClock(uint256 secondsForward) external;

    // ─────────────────────────────── views ───────────────────────────────

    function memberOf(address account) external view returns (Member memory);
    /// @notice Up to three members and the project time in one call: every guarded contract checks
    /// the accounts of a transaction with it (an external call costs more than anything it returns).
    /// The zero address gives an empty member.
    function context(
        address a,
        address b,
        address c
    ) external view returns (Member memory ma, Member memory mb, Member memory mc, uint256 time);
    function roleOf(address account) external view returns (Role);
    function statusOf(address account) external view returns (Status);
    function isActive(address account) external view returns (bool);
    function isSystemContract(address account) external view returns (bool);
    function memberCount() external view returns (uint256);
    /// @notice The project's time: the block timestamp plus the simulated offset.
    function currentTime() external view returns (uint256);
    function clockAdjustable() external view returns (bool);
    function clockOffset() external view returns (uint256);
}
