// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IVoucherLedger} from "./IVoucherLedger.sol";

/// @title Voucher metadata renderer (the ERC-3525 "metadata descriptor").
/// @notice Renders the ERC-721/ERC-3525 metadata of a voucher ledger as `data:application/json` URIs, reading
/// the ledger's public views. Stateless; the ledger deploys its own and forwards `tokenURI`, `slotURI` and
/// `contractURI` to it, which keeps the ledger under the contract size limit.
interface IVoucherMetadata {
    /// @notice JSON of the ledger: name, description, valueDecimals.
    function contractURI() external pure returns (string memory);

    /// @notice JSON of one voucher (slot): payer, face in fen, maturity, trade hash.
    function slotURI(IVoucherLedger ledger, uint256 slotId) external view returns (string memory);

    /// @notice JSON of one token: slot, balance in fen, owner, tier, parent, status.
    function tokenURI(IVoucherLedger ledger, uint256 tokenId) external view returns (string memory);
}
