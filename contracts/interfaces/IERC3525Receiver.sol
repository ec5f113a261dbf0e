// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title ERC-3525 value receiver. ERC-165 id: 0x009ce20b.
/// @notice A contract that wants to be told when value arrives in one of its tokens implements this and
/// announces it through ERC-165; the sending contract calls it after the value moved.
interface IERC3525Receiver {
    /// @return the selector of this function when the value is accepted; anything else (or a revert) refuses it.
    function onERC3525Received(
        address operator,
        uint256 fromTokenId,
        uint256 toTokenId,
        uint256 value,
        bytes calldata data
    ) external returns (bytes4);
}
