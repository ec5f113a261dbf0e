// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IVoucherLedger} from "../interfaces/IVoucherLedger.sol";
import {IVoucherMetadata} from "../interfaces/IVoucherMetadata.sol";

/// @title VoucherMetadata
/// @notice Renders voucher metadata as small `data:application/json;utf8,` documents.
/// @dev Stateless and permissionless: it only reads the ledger it is given. Amounts and small ids are JSON
/// numbers; addresses, hashes and token ids (which can exceed 2^53) are strings.
contract VoucherMetadata is IVoucherMetadata {
    using Strings for uint256;
    using Strings for address;

    string private constant _PREFIX = "data:application/json;utf8,";
    /// @dev A double quote (written as an escape: the project's linter and formatter disagree on quotes).
    string private constant _Q = "\u0022";

    /// @inheritdoc IVoucherMetadata
    function contractURI() external pure returns (string memory) {
        return
            string.concat(
                _PREFIX,
                "{",
                _text("name", "E-Receivable Voucher"),
                ",",
                _text("description", "Splittable e-receivable vouchers (slot = voucher, token = holding, value = fen)"),
                ",",
                _number("valueDecimals", 2),
                "}"
            );
    }

    /// @inheritdoc IVoucherMetadata
    function slotURI(IVoucherLedger ledger, uint256 slotId) external view returns (string memory) {
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(slotId);
        string memory properties = string.concat(
            _text("payer", v.payer.toHexString()),
            ",",
            _number("face", v.face),
            ",",
            _number("maturity", v.maturity),
            ",",
            _number("status", uint256(v.status)),
            ",",
            _text("tradeHash", uint256(v.tradeHash).toHexString(32))
        );
        return
            string.concat(
                _PREFIX,
                "{",
                _text("name", string.concat("Voucher ", slotId.toString())),
                ",",
                _number("valueDecimals", 2),
                ",",
                _Q,
                "properties",
                _Q,
                ":{",
                properties,
                "}}"
            );
    }

    /// @inheritdoc IVoucherMetadata
    function tokenURI(IVoucherLedger ledger, uint256 tokenId) external view returns (string memory) {
        IVoucherLedger.TokenView memory t = ledger.tokenOf(tokenId);
        string memory properties = string.concat(
            _text("owner", t.owner.toHexString()),
            ",",
            _number("tier", t.tier),
            ",",
            _text("parent", t.parentTokenId.toString()),
            ",",
            _number("status", uint256(t.status))
        );
        string memory title = string.concat(
            "Voucher ",
            t.slotId.toString(),
            " piece ",
            (tokenId & type(uint32).max).toString()
        );
        return
            string.concat(
                _PREFIX,
                "{",
                _text("name", title),
                ",",
                _number("slot", t.slotId),
                ",",
                _number("balance", t.value),
                ",",
                _number("valueDecimals", 2),
                ",",
                _Q,
                "properties",
                _Q,
                ":{",
                properties,
                "}}"
            );
    }

    /// @dev `"key":"value"` (the values written here never contain quotes or backslashes).
    function _text(string memory key, string memory value) private pure returns (string memory) {
        return string.concat(_Q, key, _Q, ":", _Q, value, _Q);
    }

    /// @dev `"key":value`.
    function _number(string memory key, uint256 value) private pure returns (string memory) {
        return string.concat(_Q, key, _Q, ":", value.toString());
    }
}
