// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {vmx} from "./VmLending.sol";
import {LendingFixture} from "./LendingFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {ILoanBook} from "../../../contracts/interfaces/ILoanBook.sol";
import {LoanBook} from "../../../contracts/lending/LoanBook.sol";

/// @notice Products and platform settings of the loan book.
contract LoanBookProductsTest is LendingFixture {
    uint256 internal lenderMask =
        (1 << uint8(IConsortium.Role.OperatorBank)) | (1 << uint8(IConsortium.Role.MicroLender));
    uint256 internal operatorMask = 1 << uint8(IConsortium.Role.PlatformOperator);

    function setUp() public {
        _deployLending();
    }

    // ───────────────────────────── createProduct ─────────────────────────────

    function test_createProduct_storesEveryParameter() public {
        ILoanBook.ProductParams memory params = _pearParams();
        vmx.expectEmit(address(book));
        emit ILoanBook.ProductCreated(1, bank, params);
        uint256 id = _createProduct(bank, params);
        _assertEq(id, 1, "id");
        _assertEq(book.productCount(), 1, "count");
        ILoanBook.Product memory p = book.productOf(id);
        _assertTrue(p.lender == bank, "lender");
        _assertTrue(keccak256(bytes(p.name)) == keccak256(bytes(unicode"梨果保")), "name");
        _assertTrue(p.purpose == ILoanBook.Purpose.Agricultural, "purpose");
        _assertTrue(p.collateral == ILoanBook.CollateralType.PropertyRight, "collateral");
        _assertTrue(p.dayCount == ILoanBook.DayCount.Act365 && p.shape == ILoanBook.Shape.Bullet, "shape");
        _assertEq(p.ltvBps, 6_000, "ltv");
        _assertEq(p.rateBps, 435, "rate");
        _assertEq(p.termDays, 365, "term");
        _assertEq(p.instalments, 1, "bullet stored as one instalment");
        _assertEq(p.graceDays, 30, "grace");
        _assertEq(p.guaranteeFeeBps, 87, "fee");
        _assertEq(p.createdAt, T0, "createdAt");
        _assertEq(p.minPrincipal, 10_000 * YUAN, "min");
        _assertEq(p.maxPrincipal, 3_000_000 * YUAN, "max");
        _assertEq(p.shares.nationalBps + p.shares.provincialBps * 10, 2_000 + 30_000, "shares");
        _assertEq(p.shares.lenderBps + p.shares.guarantorBps * 10, 2_000 + 30_000, "shares 2");
    }

    function test_createProduct_byMicroLenderWithTopTaxCreditSplit() public {
        uint256 id = _createProduct(microLender, _microParams());
        ILoanBook.Product memory p = book.productOf(id);
        _assertTrue(p.lender == microLender, "lender");
        _assertEq(p.shares.nationalBps, 0, "national");
        _assertEq(p.shares.guarantorBps, 7_000, "guarantor 70%");
        _assertEq(book.productOf(_createProduct(bank, _potatoParams())).instalments, 4, "instalments");
    }

    function test_createProduct_refusesNonLenders() public {
        address[4] memory callers = [regulator, guarantor, coop, operator];
        IConsortium.Role[4] memory roles = [
            IConsortium.Role.Regulator,
            IConsortium.Role.Guarantor,
            IConsortium.Role.Farmer,
            IConsortium.Role.PlatformOperator
        ];
        ILoanBook.ProductParams memory params = _pearParams();
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IConsortium.MemberRoleNotAllowed.selector, callers[i], roles[i], lenderMask)
            );
            vm.prank(callers[i]);
            book.createProduct(params);
        }
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        vm.prank(outsider);
        book.createProduct(params);
        _assertEq(book.productCount(), 0, "nothing created");
    }

    function test_createProduct_refusesInvalidName() public {
        ILoanBook.ProductParams memory p = _pearParams();
        p.name = "";
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidName.selector, 0));
        p.name = "0123456789012345678901234567890123456789012345678901234567890123X";
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidName.selector, 65));
    }

    function test_createProduct_refusesInvalidLtv() public {
        ILoanBook.ProductParams memory p = _pearParams();
        p.ltvBps = 0;
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidLtv.selector, p.collateral, 0));
        p.ltvBps = 10_001;
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidLtv.selector, p.collateral, 10_001));
        p = _potatoParams();
        p.ltvBps = 5_000;
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidLtv.selector, p.collateral, 5_000));
        p = _pearParams();
        p.ltvBps = 10_000; // 100% is allowed
        _createProduct(bank, p);
    }

    function test_createProduct_refusesUnsecuredInventoryPledge() public {
        ILoanBook.ProductParams memory p = _potatoParams();
        p.purpose = ILoanBook.Purpose.InventoryPledge;
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookPurposeNeedsCollateral.selector, ILoanBook.Purpose.InventoryPledge)
        );
    }

    function test_createProduct_refusesInvalidRateAndTerm() public {
        ILoanBook.ProductParams memory p = _pearParams();
        p.rateBps = 10_001;
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidRate.selector, 10_001));
        p = _pearParams();
        p.termDays = 0;
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidTerm.selector, 0));
        p.termDays = 3_651;
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidTerm.selector, 3_651));
        p = _pearParams();
        p.rateBps = 0; // an interest-free (fully subsidised) product is allowed
        _createProduct(bank, p);
    }

    function test_createProduct_refusesInvalidInstalments() public {
        ILoanBook.ProductParams memory p = _pearParams();
        p.instalments = 2;
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookInvalidInstalments.selector, ILoanBook.Shape.Bullet, 2, 365)
        );
        p = _potatoParams();
        p.instalments = 1;
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookInvalidInstalments.selector, ILoanBook.Shape.Instalments, 1, 360)
        );
        p.termDays = 30;
        p.instalments = 31;
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookInvalidInstalments.selector, ILoanBook.Shape.Instalments, 31, 30)
        );
        p.termDays = 3_650;
        p.instalments = 361;
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(
                ILoanBook.LoanBookInvalidInstalments.selector,
                ILoanBook.Shape.Instalments,
                361,
                3_650
            )
        );
    }

    function test_createProduct_refusesInvalidGraceAndFee() public {
        ILoanBook.ProductParams memory p = _pearParams();
        p.graceDays = 366;
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidGraceDays.selector, 366));
        p = _pearParams();
        p.guaranteeFeeBps = 1_001;
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidGuaranteeFee.selector, 1_001));
    }

    function test_createProduct_refusesSharesNotSummingTo10000() public {
        ILoanBook.ProductParams memory p = _pearParams();
        p.shares = _shares(2_000, 3_000, 2_000, 2_999);
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookInvalidRiskShares.selector, 2_000, 3_000, 2_000, 2_999)
        );
        p.shares = _shares(0, 0, 0, 0);
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidRiskShares.selector, 0, 0, 0, 0));
        p.shares = _shares(10_000, 1, 0, 0);
        _expectCreateRevert(p, abi.encodeWithSelector(ILoanBook.LoanBookInvalidRiskShares.selector, 10_000, 1, 0, 0));
    }

    function test_createProduct_refusesInvalidPrincipalBounds() public {
        ILoanBook.ProductParams memory p = _pearParams();
        p.minPrincipal = 0;
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookInvalidPrincipalBounds.selector, 0, p.maxPrincipal)
        );
        p.minPrincipal = p.maxPrincipal + 1;
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookInvalidPrincipalBounds.selector, p.minPrincipal, p.maxPrincipal)
        );
        p.minPrincipal = 1;
        p.maxPrincipal = uint256(type(uint80).max) + 1;
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookInvalidPrincipalBounds.selector, 1, p.maxPrincipal)
        );
        p = _potatoParams();
        p.minPrincipal = 3; // fewer fen than instalments
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(ILoanBook.LoanBookInvalidPrincipalBounds.selector, 3, p.maxPrincipal)
        );
    }

    function test_defaultGuaranteeTerms_are87bpAnd4321() public view {
        (uint256 fee, ILoanBook.RiskShares memory s) = book.defaultGuaranteeTerms();
        _assertEq(fee, 87, "fee");
        _assertEq(s.nationalBps, 2_000, "national 20%");
        _assertEq(s.provincialBps, 3_000, "provincial 30%");
        _assertEq(s.lenderBps, 2_000, "lender 20%");
        _assertEq(s.guarantorBps, 3_000, "guarantor 30%");
        _assertEq(book.DEFAULT_GUARANTEE_FEE_BPS(), 87, "constant");
    }

    // ───────────────────────────── platform settings ─────────────────────────────

    function test_setRiskSharingParties_addsVersion() public {
        (uint256 version, ILoanBook.RiskParties memory parties) = book.riskSharingParties();
        _assertEq(version, 1, "fixture version");
        _assertTrue(parties.provincialReGuarantor == provincial && parties.nationalFund == nationalFund, "v1");
        vmx.expectEmit(address(book));
        emit ILoanBook.RiskSharingPartiesSet(2, nationalFund, provincial, operator);
        vm.prank(operator);
        book.setRiskSharingParties(nationalFund, provincial);
        (version, parties) = book.riskSharingParties();
        _assertEq(version, 2, "version");
        _assertTrue(parties.provincialReGuarantor == nationalFund, "v2");
        _assertTrue(book.riskSharingPartiesAt(1).provincialReGuarantor == provincial, "v1 kept");
    }

    function test_setRiskSharingParties_refusesNonOperator() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                operatorMask
            )
        );
        vm.prank(regulator);
        book.setRiskSharingParties(provincial, nationalFund);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        vm.prank(outsider);
        book.setRiskSharingParties(provincial, nationalFund);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                bank,
                IConsortium.Role.OperatorBank,
                operatorMask
            )
        );
        vm.prank(bank);
        book.setRiskSharingParties(provincial, nationalFund);
    }

    function test_setRiskSharingParties_refusesNonGuarantorsOrSameParty() public {
        uint256 guarantorMask = 1 << uint8(IConsortium.Role.Guarantor);
        vm.startPrank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                bank,
                IConsortium.Role.OperatorBank,
                guarantorMask
            )
        );
        book.setRiskSharingParties(bank, nationalFund);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        book.setRiskSharingParties(provincial, outsider);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookInvalidRiskParties.selector, provincial, provincial));
        book.setRiskSharingParties(provincial, provincial);
        vm.stopPrank();
    }

    function test_setFlexibleGraceDays_setsWithinBounds() public {
        _assertEq(book.flexibleGraceDays(), 60, "default");
        vmx.expectEmit(address(book));
        emit ILoanBook.FlexibleGraceDaysSet(90, operator);
        vm.prank(operator);
        book.setFlexibleGraceDays(90);
        _assertEq(book.flexibleGraceDays(), 90, "set");
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookInvalidFlexibleGraceDays.selector, 0));
        book.setFlexibleGraceDays(0);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookInvalidFlexibleGraceDays.selector, 366));
        book.setFlexibleGraceDays(366);
        vm.stopPrank();
    }

    function test_setFlexibleGraceDays_refusesNonOperator() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                regulator,
                IConsortium.Role.Regulator,
                operatorMask
            )
        );
        vm.prank(regulator);
        book.setFlexibleGraceDays(10);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        vm.prank(outsider);
        book.setFlexibleGraceDays(10);
    }

    function test_riskSharingParties_noneOnFreshBook() public {
        LoanBook fresh = new LoanBook(consortium, ecny, rights);
        (uint256 version, ILoanBook.RiskParties memory parties) = fresh.riskSharingParties();
        _assertEq(version, 0, "none");
        _assertTrue(parties.nationalFund == address(0), "empty");
    }

    function _expectCreateRevert(ILoanBook.ProductParams memory p, bytes memory err) private {
        vm.expectRevert(err);
        vm.prank(bank);
        book.createProduct(p);
    }
}
