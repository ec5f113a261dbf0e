// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ERC3525} from "@solvprotocol/erc-3525/ERC3525.sol";

/// @title ReferenceERC3525 (benchmark only)
/// @notice Solv's ERC-3525 reference implementation (`@solvprotocol/erc-3525`) with an open `mint`, the
/// baseline of the side-by-side gas benchmark against `VoucherLedger`. Its value transfer to an address
/// (`transferFrom(uint256,address,uint256)`) is the reference "split". Never deploy it outside a benchmark:
/// anyone can mint.
contract ReferenceERC3525 is ERC3525 {
    constructor() ERC3525("Reference ERC-3525", "REF3525", 2) {}

    /// @notice Mints a new token of `value` in `slot` to `to`.
    /// @return tokenId the new token.
    function mint(address to, uint256 slot, uint256 value) external returns (uint256 tokenId) {
        return _mint(to, slot, value);
    }
}
