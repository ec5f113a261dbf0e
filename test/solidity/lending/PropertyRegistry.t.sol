// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {vmx} from "./VmLending.sol";
import {LendingFixture} from "./LendingFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {IPropertyRegistry} from "../../../contracts/interfaces/IPropertyRegistry.sol";

/// @notice Unit tests of the property registry: registration, registry transfers, appraisals, liens.
contract PropertyRegistryTest is LendingFixture {
    address internal lienAgent = address(0x11E1); // a registered system contract (pranked)
    address internal otherAgent = address(0x11E2); // another one
    uint256 internal landId;

    function setUp() public {
        _deployLending();
        vm.startPrank(operator);
        consortium.registerSystemContract(lienAgent, "LienAgent");
        consortium.registerSystemContract(otherAgent, "OtherAgent");
        vm.stopPrank();
        landId = _land(coop, "130638-2026-000001", 80);
    }

    // ───────────────────────────── register ─────────────────────────────

    function test_register_mintsRuralRightWithAllFields() public {
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.RightRegistered(
            2,
            IPropertyRegistry.Kind.Forest,
            farmer,
            "LQ-2026-7",
            unicode"易县",
            unicode"西陵村",
            1_250,
            T0,
            T0 + 50 * 365 days,
            registry
        );
        vm.prank(registry);
        uint256 id = rights.register(
            IPropertyRegistry.Kind.Forest,
            "LQ-2026-7",
            unicode"易县",
            unicode"西陵村",
            1_250,
            T0,
            T0 + 50 * 365 days,
            farmer
        );
        _assertEq(id, 2, "id");
        _assertEq(rights.rightCount(), 2, "count");
        _assertTrue(rights.ownerOf(id) == farmer, "holder");
        _assertEq(rights.rightIdOf("LQ-2026-7"), 2, "by certificate");
        IPropertyRegistry.Right memory r = rights.rightOf(id);
        _assertTrue(r.kind == IPropertyRegistry.Kind.Forest, "kind");
        _assertEq(r.areaCentiMu, 1_250, "area");
        _assertEq(r.termStart, T0, "start");
        _assertEq(r.termEnd, T0 + 50 * 365 days, "end");
        _assertEq(r.registeredAt, T0, "registeredAt");
        _assertTrue(r.registeredBy == registry, "by");
        _assertTrue(keccak256(bytes(r.certificateNo)) == keccak256("LQ-2026-7"), "certificate");
        _assertTrue(keccak256(bytes(r.village)) == keccak256(bytes(unicode"西陵村")), "village");
    }

    function test_register_aquacultureForCoop() public {
        vm.prank(registry);
        uint256 id = rights.register(
            IPropertyRegistry.Kind.Aquaculture,
            "YZ-001",
            unicode"安新县",
            unicode"圈头村",
            3_000,
            T0,
            T0 + 365 days,
            coop
        );
        _assertTrue(rights.ownerOf(id) == coop, "holder");
    }

    function test_register_warehouseReceiptByLogistics() public {
        uint256 id = _receipt(distributor, "WR-TS-0001");
        _assertTrue(rights.ownerOf(id) == distributor, "holder");
        _assertTrue(rights.rightOf(id).registeredBy == logistics, "by");
        uint256 id2 = _receipt(supplier, "WR-TS-0002");
        _assertTrue(rights.ownerOf(id2) == supplier, "supplier holder");
    }

    function test_register_refusesDuplicateCertificate() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.RegistryCertificateAlreadyRegistered.selector,
                "130638-2026-000001",
                landId
            )
        );
        _land(farmer, "130638-2026-000001", 10);
    }

    function test_register_refusesRegulatorAndNonMember() public {
        uint256 mask = 1 << uint8(IConsortium.Role.Registry);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                mask
            )
        );
        _registerAs(regulator, IPropertyRegistry.Kind.LandManagement, "X-1", coop);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        _registerAs(outsider, IPropertyRegistry.Kind.LandManagement, "X-1", coop);
    }

    function test_register_refusesWrongRegistrarForKind() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                logistics,
                IConsortium.Role.Logistics,
                1 << uint8(IConsortium.Role.Registry)
            )
        );
        _registerAs(logistics, IPropertyRegistry.Kind.LandManagement, "X-1", coop);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                registry,
                IConsortium.Role.Registry,
                1 << uint8(IConsortium.Role.Logistics)
            )
        );
        _registerAs(registry, IPropertyRegistry.Kind.WarehouseReceipt, "X-1", distributor);
    }

    function test_register_refusesWrongHolderRole() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                distributor,
                IConsortium.Role.Distributor,
                1 << uint8(IConsortium.Role.Farmer)
            )
        );
        _registerAs(registry, IPropertyRegistry.Kind.Forest, "X-1", distributor);
        uint256 receiptHolders = (1 << uint8(IConsortium.Role.Distributor)) | (1 << uint8(IConsortium.Role.Supplier));
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                farmer,
                IConsortium.Role.Farmer,
                receiptHolders
            )
        );
        _registerAs(logistics, IPropertyRegistry.Kind.WarehouseReceipt, "X-1", farmer);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        _registerAs(registry, IPropertyRegistry.Kind.LandManagement, "X-1", outsider);
    }

    function test_register_refusesInvalidText() public {
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidText.selector, 0, 6, 9));
        _registerAs(registry, IPropertyRegistry.Kind.LandManagement, "", coop);
        string memory long = "0123456789012345678901234567890123456789012345678901234567890123X"; // 65 bytes
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidText.selector, 65, 6, 9));
        _registerAs(registry, IPropertyRegistry.Kind.LandManagement, long, coop);
        vm.prank(registry);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidText.selector, 3, 65, 0));
        rights.register(IPropertyRegistry.Kind.LandManagement, "A-1", long, "", 1, T0, T0 + 1, coop);
    }

    function test_register_refusesInvalidTerm() public {
        vm.startPrank(registry);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidTerm.selector, T0 + 5, T0 + 5, T0));
        rights.register(IPropertyRegistry.Kind.LandManagement, "A-1", "c", "v", 1, T0 + 5, T0 + 5, coop);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidTerm.selector, 0, T0, T0));
        rights.register(IPropertyRegistry.Kind.LandManagement, "A-1", "c", "v", 1, 0, T0, coop);
        uint256 tooLate = uint256(type(uint40).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidTerm.selector, T0, tooLate, T0));
        rights.register(IPropertyRegistry.Kind.LandManagement, "A-1", "c", "v", 1, T0, tooLate, coop);
        vm.stopPrank();
    }

    function test_register_refusesInvalidArea() public {
        vm.startPrank(registry);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidArea.selector, 0));
        rights.register(IPropertyRegistry.Kind.LandManagement, "A-1", "c", "v", 0, T0, T0 + 1, coop);
        uint256 huge = uint256(type(uint64).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidArea.selector, huge));
        rights.register(IPropertyRegistry.Kind.LandManagement, "A-1", "c", "v", huge, T0, T0 + 1, coop);
        vm.stopPrank();
    }

    // ───────────────────────────── holder transfers refused ─────────────────────────────

    function test_holderTransfer_refused() public {
        vm.startPrank(coop);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryHolderTransferRefused.selector, landId, coop));
        rights.transferFrom(coop, farmer, landId);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryHolderTransferRefused.selector, landId, coop));
        rights.safeTransferFrom(coop, farmer, landId);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryHolderTransferRefused.selector, landId, coop));
        rights.safeTransferFrom(coop, farmer, landId, "");
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryHolderTransferRefused.selector, landId, coop));
        rights.approve(farmer, landId);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryHolderTransferRefused.selector, 0, coop));
        rights.setApprovalForAll(farmer, true);
        vm.stopPrank();
        _assertTrue(rights.ownerOf(landId) == coop, "unchanged");
    }

    // ───────────────────────────── transferByRegistry ─────────────────────────────

    function test_transferByRegistry_movesRightWithReason() public {
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.RightTransferred(
            landId,
            coop,
            farmer,
            IPropertyRegistry.TransferReason.Inheritance,
            registry
        );
        vm.prank(registry);
        rights.transferByRegistry(landId, farmer, IPropertyRegistry.TransferReason.Inheritance);
        _assertTrue(rights.ownerOf(landId) == farmer, "new holder");
        // A rural right may go to any member that may hold assets (e.g. a bank after a disposal).
        vm.prank(registry);
        rights.transferByRegistry(landId, bank, IPropertyRegistry.TransferReason.Disposal);
        _assertTrue(rights.ownerOf(landId) == bank, "bank");
    }

    function test_transferByRegistry_warehouseReceiptByLogistics() public {
        uint256 id = _receipt(distributor, "WR-1");
        vm.prank(logistics);
        rights.transferByRegistry(id, supplier, IPropertyRegistry.TransferReason.Circulation);
        _assertTrue(rights.ownerOf(id) == supplier, "holder");
        vm.prank(registry);
        rights.transferByRegistry(id, distributor, IPropertyRegistry.TransferReason.CourtOrder);
        _assertTrue(rights.ownerOf(id) == distributor, "back");
    }

    function test_transferByRegistry_refusesOtherCallers() public {
        uint256 mask = 1 << uint8(IConsortium.Role.Registry);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                logistics,
                IConsortium.Role.Logistics,
                mask
            )
        );
        vm.prank(logistics);
        rights.transferByRegistry(landId, farmer, IPropertyRegistry.TransferReason.Circulation);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                mask
            )
        );
        vm.prank(regulator);
        rights.transferByRegistry(landId, farmer, IPropertyRegistry.TransferReason.Circulation);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        vm.prank(outsider);
        rights.transferByRegistry(landId, farmer, IPropertyRegistry.TransferReason.Circulation);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberRoleNotAllowed.selector, coop, IConsortium.Role.Farmer, mask)
        );
        vm.prank(coop);
        rights.transferByRegistry(landId, farmer, IPropertyRegistry.TransferReason.Circulation);
    }

    function test_transferByRegistry_refusesRightUnderLien() public {
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 7, T0);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryRightUnderLien.selector, landId, bank, 7));
        vm.prank(registry);
        rights.transferByRegistry(landId, farmer, IPropertyRegistry.TransferReason.CourtOrder);
    }

    function test_transferByRegistry_refusesReservedReasonSameHolderBadRecipientUnknownRight() public {
        vm.startPrank(registry);
        vm.expectRevert(
            abi.encodeWithSelector(
                IPropertyRegistry.RegistryReservedReason.selector,
                IPropertyRegistry.TransferReason.LienDisposal
            )
        );
        rights.transferByRegistry(landId, farmer, IPropertyRegistry.TransferReason.LienDisposal);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistrySameHolder.selector, landId, coop));
        rights.transferByRegistry(landId, coop, IPropertyRegistry.TransferReason.Circulation);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        rights.transferByRegistry(landId, outsider, IPropertyRegistry.TransferReason.Circulation);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                _holderMask()
            )
        );
        rights.transferByRegistry(landId, regulator, IPropertyRegistry.TransferReason.Circulation);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryUnknownRight.selector, 99));
        rights.transferByRegistry(99, farmer, IPropertyRegistry.TransferReason.Circulation);
        vm.stopPrank();
    }

    // ───────────────────────────── appraisals ─────────────────────────────

    function test_appraise_latestAppraisalCounts() public {
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.RightAppraised(landId, appraiser, 2_000_000 * YUAN, T0 + 180 days);
        vm.prank(appraiser);
        rights.appraise(landId, 2_000_000 * YUAN, T0 + 180 days);
        _assertEq(rights.validAppraisal(landId), 2_000_000 * YUAN, "first");
        vm.warp(T0 + 10 days);
        vm.prank(appraiser);
        rights.appraise(landId, 1_500_000 * YUAN, T0 + 100 days);
        _assertEq(rights.validAppraisal(landId), 1_500_000 * YUAN, "latest, even if lower");
        IPropertyRegistry.Appraisal memory a = rights.appraisalOf(landId);
        _assertEq(a.appraisedAt, T0 + 10 days, "at");
        _assertEq(a.validUntil, T0 + 100 days, "until");
        _assertTrue(a.appraiser == appraiser, "appraiser");
    }

    function test_validAppraisal_zeroOnceExpired() public {
        _assertEq(rights.validAppraisal(landId), 0, "none yet");
        vm.prank(appraiser);
        rights.appraise(landId, 1_000 * YUAN, T0 + 30 days);
        vm.warp(T0 + 30 days);
        _assertEq(rights.validAppraisal(landId), 1_000 * YUAN, "counts through validUntil");
        vm.warp(T0 + 30 days + 1);
        _assertEq(rights.validAppraisal(landId), 0, "expired");
        _assertEq(rights.appraisalOf(landId).valueFen, 1_000 * YUAN, "history kept");
    }

    function test_appraise_refusesNonAppraiser() public {
        uint256 mask = 1 << uint8(IConsortium.Role.Appraiser);
        address[3] memory callers = [regulator, registry, bank];
        IConsortium.Role[3] memory roles = [
            IConsortium.Role.Regulator,
            IConsortium.Role.Registry,
            IConsortium.Role.OperatorBank
        ];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IConsortium.MemberRoleNotAllowed.selector, callers[i], roles[i], mask)
            );
            vm.prank(callers[i]);
            rights.appraise(landId, 1, T0 + 1);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        vm.prank(outsider);
        rights.appraise(landId, 1, T0 + 1);
    }

    function test_appraise_refusesInvalidValueValidityOrRight() public {
        vm.startPrank(appraiser);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidValue.selector, 0));
        rights.appraise(landId, 0, T0 + 1);
        uint256 huge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidValue.selector, huge));
        rights.appraise(landId, huge, T0 + 1);
        uint256 termEnd = T0 + TERM_30Y;
        vm.expectRevert(
            abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidValidity.selector, landId, T0, T0, termEnd)
        );
        rights.appraise(landId, 1, T0);
        vm.expectRevert(
            abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidValidity.selector, landId, termEnd + 1, T0, termEnd)
        );
        rights.appraise(landId, 1, termEnd + 1);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryUnknownRight.selector, 42));
        rights.appraise(42, 1, T0 + 1);
        vm.stopPrank();
    }

    // ───────────────────────────── liens ─────────────────────────────

    function test_placeLien_recordsOneLien() public {
        vm.warp(T0 + 3 days);
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.LienPlaced(landId, bank, 7, lienAgent);
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 7, T0 + 3 days); // the project time, as the placer read it
        IPropertyRegistry.Lien memory lien = rights.lienOf(landId);
        _assertTrue(lien.lender == bank && lien.placedBy == lienAgent, "lien");
        _assertEq(lien.loanId, 7, "loan");
        _assertEq(lien.placedAt, T0 + 3 days, "at");
        _assertTrue(rights.hasLien(landId), "has");
    }

    function test_placeLien_refusesSecondLien() public {
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 7, T0);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryLienExists.selector, landId, bank, 7));
        vm.prank(otherAgent);
        rights.placeLien(landId, microLender, 8, T0);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryLienExists.selector, landId, bank, 7));
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 9, T0);
    }

    function test_placeLien_refusesNonSystemCallers() public {
        vm.prank(lienAgent); // the registry remembers a verified placer, and only that one
        rights.placeLien(landId, bank, 7, T0);
        address[4] memory callers = [regulator, outsider, bank, registry];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryNotSystemContract.selector, callers[i]));
            vm.prank(callers[i]);
            rights.placeLien(landId, bank, 1, T0);
        }
    }

    function test_placeLien_refusesInvalidLienOrRight() public {
        vm.startPrank(lienAgent);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidLien.selector, address(0), 1));
        rights.placeLien(landId, address(0), 1, T0);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidLien.selector, bank, 0));
        rights.placeLien(landId, bank, 0, T0);
        uint256 huge = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryInvalidLien.selector, bank, huge));
        rights.placeLien(landId, bank, huge, T0);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryUnknownRight.selector, 5));
        rights.placeLien(5, bank, 1, T0);
        vm.stopPrank();
    }

    function test_releaseLien_liftsLienOnlyForItsPlacer() public {
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 7, T0);
        vm.expectRevert(
            abi.encodeWithSelector(IPropertyRegistry.RegistryNotLienHolder.selector, landId, otherAgent, lienAgent)
        );
        vm.prank(otherAgent);
        rights.releaseLien(landId);
        vm.expectRevert(
            abi.encodeWithSelector(IPropertyRegistry.RegistryNotLienHolder.selector, landId, registry, lienAgent)
        );
        vm.prank(registry);
        rights.releaseLien(landId);

        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.LienReleased(landId, bank, 7, lienAgent);
        vm.prank(lienAgent);
        rights.releaseLien(landId);
        _assertTrue(!rights.hasLien(landId), "lifted");
        vm.prank(registry); // and the right moves again
        rights.transferByRegistry(landId, farmer, IPropertyRegistry.TransferReason.Circulation);
    }

    function test_releaseLien_refusesWithoutLien() public {
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryNoLien.selector, landId));
        vm.prank(lienAgent);
        rights.releaseLien(landId);
    }

    function test_disposeUnderLien_movesRightAndLiftsLien() public {
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 7, T0);
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.LienReleased(landId, bank, 7, lienAgent);
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.RightTransferred(
            landId,
            coop,
            merchant,
            IPropertyRegistry.TransferReason.LienDisposal,
            lienAgent
        );
        vm.prank(lienAgent);
        rights.disposeUnderLien(landId, merchant);
        _assertTrue(rights.ownerOf(landId) == merchant, "buyer");
        _assertTrue(!rights.hasLien(landId), "lifted");
    }

    function test_disposeUnderLien_refusesOthersNoLienBadBuyer() public {
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryNoLien.selector, landId));
        vm.prank(lienAgent);
        rights.disposeUnderLien(landId, merchant);
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 7, T0);
        vm.expectRevert(
            abi.encodeWithSelector(IPropertyRegistry.RegistryNotLienHolder.selector, landId, otherAgent, lienAgent)
        );
        vm.prank(otherAgent);
        rights.disposeUnderLien(landId, merchant);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, address(0), IConsortium.Status.None)
        );
        vm.prank(lienAgent);
        rights.disposeUnderLien(landId, address(0)); // never burned
        _assertTrue(rights.hasLien(landId), "lien kept");
        _assertTrue(rights.ownerOf(landId) == coop, "holder kept");
    }

    function test_disposeUnderLien_trustsThePlacerWithTheBuyer() public {
        // The placing system contract checks its buyer (the LoanBook does, in `dispose`, with the same
        // errors): the registry does not ask the Consortium again, so it moves the right as told.
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 7, T0);
        vm.prank(lienAgent);
        rights.disposeUnderLien(landId, outsider);
        _assertTrue(rights.ownerOf(landId) == outsider, "moved as the placer said");
    }

    function test_collateralOf_reportsHolderKindLienTermAppraisal() public {
        _appraise(landId, 900_000 * YUAN, 30);
        vm.prank(lienAgent);
        rights.placeLien(landId, bank, 3, T0);
        IPropertyRegistry.CollateralView memory c = rights.collateralOf(landId);
        _assertTrue(c.holder == coop && c.kind == IPropertyRegistry.Kind.LandManagement && c.liened, "view");
        _assertEq(c.termEnd, T0 + TERM_30Y, "term");
        _assertEq(c.appraisalFen, 900_000 * YUAN, "appraisal");
        vm.warp(T0 + 31 days);
        _assertEq(rights.collateralOf(landId).appraisalFen, 0, "expired");
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryUnknownRight.selector, 0));
        rights.collateralOf(0);
    }

    // ───────────────────────────── helpers ─────────────────────────────

    function _registerAs(address caller, IPropertyRegistry.Kind kind, string memory cert, address holder) private {
        vm.prank(caller);
        rights.register(kind, cert, unicode"雄县", unicode"大营村", 100, T0, T0 + 365 days, holder);
    }

    function _holderMask() private pure returns (uint256) {
        return ((1 << 16) - 1) & ~uint256(1) & ~uint256(1 << uint8(IConsortium.Role.Regulator));
    }
}
