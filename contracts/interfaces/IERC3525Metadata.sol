// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC3525} from "./IERC3525.sol";

/// @title ERC-3525 metadata extension. ERC-165 id: 0xe1600902.
/// @notice JSON descriptions of the contract and of each slot, ideally as `data:application/json` URIs.
interface IERC3525Metadata is IERC3525, IERC721Metadata {
    /// @notice JSON description of this contract.
    function contractURI() external view returns (string memory);

    /// @notice JSON description of `slot`.
    function slotURI(uint256 slot) external view returns (string memory);
}
