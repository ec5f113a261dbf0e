// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @title ERC-3525 semi-fungible token (https://eips.ethereum.org/EIPS/eip-3525).
/// @notice A token id is an ERC-721 token that also carries a `value` and belongs to a `slot`;
/// value moves between tokens of the same slot. ERC-165 id: 0xd5358140.
/// @dev Written against OpenZeppelin 5's `IERC721` (the project's OpenZeppelin) instead of importing the
/// reference package's copy. The functions are declared non-payable, as OpenZeppelin 5 declares ERC-721's:
/// payability is not part of the selector, so the interface id is the standard one. Implementations here never
/// take ether.
interface IERC3525 is IERC721 {
    /// @notice `value` moved from `fromTokenId` to `toTokenId` (0 as from: minted; 0 as to: burned).
    event TransferValue(uint256 indexed fromTokenId, uint256 indexed toTokenId, uint256 value);
    /// @notice `operator` may now move up to `value` out of `tokenId`.
    event ApprovalValue(uint256 indexed tokenId, address indexed operator, uint256 value);
    /// @notice The slot of `tokenId` was set (oldSlot 0: minted) or cleared (newSlot 0: burned).
    event SlotChanged(uint256 indexed tokenId, uint256 indexed oldSlot, uint256 indexed newSlot);

    /// @notice Decimals of `value` (a user sees value / 10**valueDecimals).
    function valueDecimals() external view returns (uint8);

    /// @notice The value held by `tokenId`.
    function balanceOf(uint256 tokenId) external view returns (uint256);

    /// @notice The slot `tokenId` belongs to.
    function slotOf(uint256 tokenId) external view returns (uint256);

    /// @notice Lets `operator` move up to `value` out of `tokenId`. Caller: the owner, an operator of the owner,
    /// or the account approved for `tokenId`.
    function approve(uint256 tokenId, address operator, uint256 value) external;

    /// @notice How much of `tokenId` `operator` may still move.
    function allowance(uint256 tokenId, address operator) external view returns (uint256);

    /// @notice Moves `value` from `fromTokenId` into the existing token `toTokenId` of the same slot.
    function transferFrom(uint256 fromTokenId, uint256 toTokenId, uint256 value) external;

    /// @notice Moves `value` from `fromTokenId` into a new token of the same slot owned by `to`.
    /// @return newTokenId the token created for `to`.
    function transferFrom(uint256 fromTokenId, address to, uint256 value) external returns (uint256 newTokenId);
}
