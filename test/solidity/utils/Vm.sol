// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @notice The few Foundry-compatible cheatcodes the project's Solidity tests use (forge-std cannot
/// be installed offline). Hardhat 3's Solidity test runner serves them at the standard address.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function expectRevert(bytes calldata revertData) external;
    function expectRevert(bytes4 selector) external;
    function expectRevert() external;
    function warp(uint256 timestamp) external;
    function assume(bool condition) external pure;
    function addr(uint256 privateKey) external pure returns (address);
    function label(address account, string calldata newLabel) external;
    function toString(address value) external pure returns (string memory);
}

Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
