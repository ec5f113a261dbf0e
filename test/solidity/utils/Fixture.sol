// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "./Vm.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IECNY} from "../../../contracts/interfaces/IECNY.sol";
import {Consortium} from "../../../contracts/access/Consortium.sol";
import {ECNY} from "../../../contracts/money/ECNY.sol";
import {PaymentEscrow} from "../../../contracts/money/PaymentEscrow.sol";

/// @notice One shared fixture: the consortium with one member of every role (two banks), their
/// wallets and some money. Solidity tests inherit it and call `_deployFoundation()` in setUp.
// solhint-disable-next-line max-states-count
abstract contract Fixture {
    uint256 internal constant T0 = 1_767_225_600; // 2026-01-01T00:00:00Z
    uint256 internal constant YUAN = 100; // fen per yuan
    uint256 internal constant CORP_CAP = 100_000_000_000 * YUAN; // ¥100 bn: corporate caps in tests

    Consortium internal consortium;
    ECNY internal ecny;
    PaymentEscrow internal escrow;

    address internal operator = _actor("operator");
    address internal centralBank = _actor("centralBank");
    address internal bank = _actor("bank");
    address internal bank2 = _actor("bank2");
    address internal core = _actor("core");
    address internal supplier = _actor("supplier");
    address internal supplier2 = _actor("supplier2");
    address internal supplier3 = _actor("supplier3");
    address internal distributor = _actor("distributor");
    address internal microLender = _actor("microLender");
    address internal guarantor = _actor("guarantor");
    address internal provincial = _actor("provincial");
    address internal nationalFund = _actor("nationalFund");
    address internal logistics = _actor("logistics");
    address internal registry = _actor("registry");
    address internal appraiser = _actor("appraiser");
    address internal farmer = _actor("farmer");
    address internal coop = _actor("coop");
    address internal merchant = _actor("merchant");
    address internal regulator = _actor("regulator");
    address internal dataFeed = _actor("dataFeed");
    address internal outsider = _actor("outsider");

    function _actor(string memory name) internal returns (address a) {
        a = address(uint160(uint256(keccak256(bytes(name)))));
        vm.label(a, name);
    }

    function _deployFoundation() internal {
        vm.warp(T0);
        consortium = new Consortium(operator, "Platform", false);
        ecny = new ECNY(consortium);
        escrow = new PaymentEscrow(consortium, ecny);

        vm.startPrank(operator);
        consortium.registerSystemContract(address(escrow), "PaymentEscrow");
        _admit(centralBank, IConsortium.Role.CentralBank);
        _admit(bank, IConsortium.Role.OperatorBank);
        _admit(bank2, IConsortium.Role.OperatorBank);
        _admit(core, IConsortium.Role.CoreEnterprise);
        _admit(supplier, IConsortium.Role.Supplier);
        _admit(supplier2, IConsortium.Role.Supplier);
        _admit(supplier3, IConsortium.Role.Supplier);
        _admit(distributor, IConsortium.Role.Distributor);
        _admit(microLender, IConsortium.Role.MicroLender);
        _admit(guarantor, IConsortium.Role.Guarantor);
        _admit(provincial, IConsortium.Role.Guarantor);
        _admit(nationalFund, IConsortium.Role.Guarantor);
        _admit(logistics, IConsortium.Role.Logistics);
        _admit(registry, IConsortium.Role.Registry);
        _admit(appraiser, IConsortium.Role.Appraiser);
        _admit(farmer, IConsortium.Role.Farmer);
        _admit(coop, IConsortium.Role.Farmer);
        _admit(merchant, IConsortium.Role.Merchant);
        _admit(regulator, IConsortium.Role.Regulator);
        _admit(dataFeed, IConsortium.Role.DataFeed);
        ecny.openSystemWallet(address(escrow));
        vm.stopPrank();

        vm.startPrank(centralBank);
        ecny.setQuota(bank, 1_000_000_000_000 * YUAN);
        ecny.setQuota(bank2, 1_000_000_000_000 * YUAN);
        vm.stopPrank();

        vm.startPrank(bank);
        address[12] memory corporates = [
            bank,
            core,
            supplier,
            supplier2,
            supplier3,
            distributor,
            microLender,
            guarantor,
            provincial,
            nationalFund,
            coop,
            merchant
        ];
        for (uint256 i; i < corporates.length; ++i) {
            ecny.openCorporateWallet(corporates[i], CORP_CAP, CORP_CAP, CORP_CAP);
        }
        ecny.openWallet(farmer, IECNY.Category.Verified);
        ecny.openWallet(logistics, IECNY.Category.Anonymous);
        vm.stopPrank();
        vm.prank(bank2);
        ecny.openCorporateWallet(bank2, CORP_CAP, CORP_CAP, CORP_CAP);
    }

    /// @dev Registers and opens a system wallet for a further project contract.
    function _registerSystem(address account, string memory name) internal {
        vm.startPrank(operator);
        consortium.registerSystemContract(account, name);
        ecny.openSystemWallet(account);
        vm.stopPrank();
    }

    function _admit(address account, IConsortium.Role role) internal {
        consortium.admit(account, role, vm.toString(account));
    }

    /// @dev Issues `amount` fen from `bank` into `wallet` (which `bank` opened).
    function _fund(address wallet, uint256 amount) internal {
        vm.prank(bank);
        ecny.issue(wallet, amount);
    }

    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max <= min) return min;
        return min + (x % (max - min + 1));
    }

    function _assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert AssertEqFailed(what, a, b);
    }

    error AssertEqFailed(string what, uint256 left, uint256 right);
}
