// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @notice Further Foundry-compatible cheatcodes used by the lending tests (same address as `vm`).
// solhint-disable-next-line interface-starts-with-i
interface VmLending {
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
    function expectEmit(address emitter) external;
}

VmLending constant vmx = VmLending(address(uint160(uint256(keccak256("hevm cheat code")))));
