// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {Fixture} from "../utils/Fixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IERC3525Receiver} from "../../../contracts/interfaces/IERC3525Receiver.sol";
import {IVoucherLedger} from "../../../contracts/interfaces/IVoucherLedger.sol";
import {VoucherLedger} from "../../../contracts/vouchers/VoucherLedger.sol";
import {VoucherFinancing} from "../../../contracts/vouchers/VoucherFinancing.sol";

/// @notice Cheatcodes the voucher tests use beyond `test/solidity/utils/Vm.sol`.
// solhint-disable-next-line interface-starts-with-i
interface VmVouchers {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
    /// @dev Records every log from now on; `getRecordedLogs` returns them (and empties the record).
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory);
    /// @dev Expects exactly `count` calls to `callee` whose calldata starts with `data` during the rest of the test.
    function expectCall(address callee, bytes calldata data, uint64 count) external;
}

VmVouchers constant vmv = VmVouchers(address(uint160(uint256(keccak256("hevm cheat code")))));

/// @notice The shared fixture plus the voucher ledger and its financing module, registered as system
/// contracts with their wallets; the core enterprise has a ¥20,000,000 line at `bank`.
abstract contract VoucherFixture is Fixture {
    uint256 internal constant LINE = 20_000_000 * YUAN;
    uint256 internal constant MIN_UNIT = 100 * YUAN;
    uint256 internal constant FACE = 10_000_000 * YUAN;

    VoucherLedger internal ledger;
    VoucherFinancing internal financing;
    uint256 private _tradeNonce;

    function _deployVouchers() internal {
        _deployFoundation();
        ledger = new VoucherLedger(consortium, ecny);
        financing = new VoucherFinancing(consortium, ecny, ledger);
        _registerSystem(address(ledger), "VoucherLedger");
        _registerSystem(address(financing), "VoucherFinancing");
        vm.prank(operator);
        ledger.setFinancingModule(address(financing));
        vm.prank(bank);
        ledger.setCreditLine(core, LINE);
    }

    function _trade() internal returns (bytes32) {
        return keccak256(abi.encode("trade", ++_tradeNonce));
    }

    function _tid(uint256 slotId, uint256 local) internal pure returns (uint256) {
        return (slotId << 32) | local;
    }

    /// @dev `core` issues `face` fen to `payee`, maturing in `termDays` days.
    function _issue(address payee, uint256 face, uint256 termDays) internal returns (uint256 slotId) {
        vm.prank(core);
        slotId = ledger.issue(payee, face, block.timestamp + termDays * 1 days, _trade());
    }

    function _issueAccepted(
        address payee,
        uint256 face,
        uint256 termDays
    ) internal returns (uint256 slotId, uint256 tokenId) {
        slotId = _issue(payee, face, termDays);
        vm.prank(payee);
        tokenId = ledger.acceptIssuance(slotId);
    }

    function _split(address by, uint256 fromTokenId, address to, uint256 value) internal returns (uint256) {
        vm.prank(by);
        return ledger.split(fromTokenId, to, value);
    }

    function _maturity(uint256 slotId) internal view returns (uint256) {
        return ledger.voucherOf(slotId).maturity;
    }

    /// @dev Funds the payer and repays `slotId`.
    function _repay(uint256 slotId) internal {
        IVoucherLedger.VoucherView memory v = ledger.voucherOf(slotId);
        _fund(v.payer, v.face);
        vm.prank(v.payer);
        ledger.repay(slotId);
    }

    function _value(uint256 tokenId) internal view returns (uint256) {
        return ledger.tokenOf(tokenId).value;
    }

    function _status(uint256 tokenId) internal view returns (IVoucherLedger.TokenStatus) {
        return ledger.tokenOf(tokenId).status;
    }

    function _admitAs(address account, IConsortium.Role role) internal {
        vm.prank(operator);
        consortium.admit(account, role, "test member");
    }

    /// @dev The roles that may hold and move assets (and run clearing): every role but None and Regulator.
    function _holderMask() internal pure returns (uint256) {
        return
            ((1 << 16) - 1) &
            ~uint256(1 << uint8(IConsortium.Role.None)) &
            ~uint256(1 << uint8(IConsortium.Role.Regulator));
    }

    /// @dev The refusal of `a` by a role check with `mask`: not a member at all, or a member of another role.
    function _roleError(address a, uint256 mask) internal view returns (bytes memory) {
        IConsortium.Role role = consortium.roleOf(a);
        if (role == IConsortium.Role.None) {
            return abi.encodeWithSelector(IConsortium.MemberNotActive.selector, a, IConsortium.Status.None);
        }
        return abi.encodeWithSelector(IConsortium.MemberRoleNotAllowed.selector, a, role, mask);
    }

    /// @dev What a party-only function answers `a`: an outsider is refused as such first, an active member
    /// (the regulator too) gets the function's own error `otherwise`.
    function _notMemberOr(address a, bytes memory otherwise) internal view returns (bytes memory) {
        if (consortium.roleOf(a) == IConsortium.Role.None) {
            return abi.encodeWithSelector(IConsortium.MemberNotActive.selector, a, IConsortium.Status.None);
        }
        return otherwise;
    }

    function _assertTrue(bool ok, string memory what) internal pure {
        if (!ok) revert AssertFailed(what);
    }

    function _assertEqAddr(address a, address b, string memory what) internal pure {
        if (a != b) revert AssertEqAddrFailed(what, a, b);
    }

    error AssertFailed(string what);
    error AssertEqAddrFailed(string what, address left, address right);
}

/// @notice A contract holder whose ERC-3525 / ERC-721 receiver hooks answer as configured.
contract ReceiverMock is IERC3525Receiver {
    enum Mode {
        Accept,
        WrongAnswer,
        Revert
    }

    Mode public mode;
    uint256 public received;
    uint256 public lastToTokenId;

    error ReceiverMockRefused();

    function setMode(Mode m) external {
        mode = m;
    }

    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC3525Receiver).interfaceId || interfaceId == 0x01ffc9a7;
    }

    function onERC3525Received(
        address,
        uint256,
        uint256 toTokenId,
        uint256 value,
        bytes calldata
    ) external returns (bytes4) {
        if (mode == Mode.Revert) revert ReceiverMockRefused();
        received += value;
        lastToTokenId = toTokenId;
        return mode == Mode.Accept ? IERC3525Receiver.onERC3525Received.selector : bytes4(0xdeadbeef);
    }

    function onERC721Received(address, address, uint256, bytes calldata) external view returns (bytes4) {
        if (mode == Mode.Revert) revert ReceiverMockRefused();
        return mode == Mode.Accept ? this.onERC721Received.selector : bytes4(0xdeadbeef);
    }
}

/// @notice A contract holder with no receiver hooks at all.
contract PlainContract {
    uint256 public unused;
}
