// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {vm} from "../utils/Vm.sol";
import {vmx} from "./VmLending.sol";
import {LendingFixture} from "./LendingFixture.sol";
import {IConsortium} from "../../../contracts/interfaces/IConsortium.sol";
import {ILoanBook} from "../../../contracts/interfaces/ILoanBook.sol";
import {IPropertyRegistry} from "../../../contracts/interfaces/IPropertyRegistry.sol";
import {LoanBook} from "../../../contracts/lending/LoanBook.sol";

/// @notice Applications, guarantees, rejection, disbursement, interest and repayment.
contract LoanBookLifecycleTest is LendingFixture {
    uint256 internal constant P = 1_200_000 * YUAN; // the 梨果保 loan: 60% of ¥2,000,000
    uint256 internal pearId;
    uint256 internal potatoId;
    uint256 internal land;
    uint256 internal borrowerMask =
        (1 << uint8(IConsortium.Role.Farmer)) |
            (1 << uint8(IConsortium.Role.Supplier)) |
            (1 << uint8(IConsortium.Role.Distributor)) |
            (1 << uint8(IConsortium.Role.Merchant)) |
            (1 << uint8(IConsortium.Role.CoreEnterprise));

    function setUp() public {
        _deployLending();
        pearId = _createProduct(bank, _pearParams());
        potatoId = _createProduct(bank, _potatoParams());
        land = _land(coop, "130638-2026-000001", 80);
        _appraise(land, 2_000_000 * YUAN, 365);
        _fund(coop, 500_000 * YUAN); // for interest
    }

    // ───────────────────────────── applyForLoan ─────────────────────────────

    function test_applyForLoan_recordsApplication() public {
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanApplied(1, coop, pearId, P, land, guarantor);
        uint256 id = _apply(coop, pearId, P, land, guarantor);
        _assertEq(id, 1, "id");
        _assertEq(book.loanCount(), 1, "count");
        ILoanBook.Loan memory loan = book.loanOf(id);
        _assertTrue(loan.borrower == coop && loan.guarantor == guarantor, "parties");
        _assertEq(loan.productId, pearId, "product");
        _assertEq(loan.principal, P, "principal");
        _assertEq(loan.rightId, land, "right");
        _assertTrue(loan.status == ILoanBook.Status.Applied && !loan.guaranteeApproved, "status");
        _assertTrue(book.lenderOf(id) == bank, "lender");
        _assertTrue(!rights.hasLien(land), "no lien before disbursement");
    }

    function test_applyForLoan_refusesUnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookUnknownProduct.selector, 99));
        _apply(coop, 99, P, land, address(0));
    }

    function test_applyForLoan_refusesNonBorrowers() public {
        address[4] memory callers = [regulator, bank, guarantor, registry];
        IConsortium.Role[4] memory roles = [
            IConsortium.Role.Regulator,
            IConsortium.Role.OperatorBank,
            IConsortium.Role.Guarantor,
            IConsortium.Role.Registry
        ];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IConsortium.MemberRoleNotAllowed.selector, callers[i], roles[i], borrowerMask)
            );
            _apply(callers[i], potatoId, 50_000 * YUAN, 0, address(0));
        }
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, outsider, IConsortium.Status.None)
        );
        _apply(outsider, potatoId, 50_000 * YUAN, 0, address(0));
    }

    function test_applyForLoan_refusesPrincipalOutOfBounds() public {
        uint256 min = 10_000 * YUAN;
        uint256 max = 3_000_000 * YUAN;
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookPrincipalOutOfBounds.selector, pearId, min - 1, min, max)
        );
        _apply(coop, pearId, min - 1, land, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookPrincipalOutOfBounds.selector, pearId, max + 1, min, max)
        );
        _apply(coop, pearId, max + 1, land, address(0));
    }

    function test_applyForLoan_refusesMissingOrUnexpectedCollateral() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookCollateralRequired.selector, pearId));
        _apply(coop, pearId, P, 0, address(0));
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookUnsecuredProduct.selector, potatoId, land));
        _apply(coop, potatoId, 50_000 * YUAN, land, address(0));
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryUnknownRight.selector, 77));
        _apply(coop, pearId, P, 77, address(0));
    }

    function test_applyForLoan_refusesRightNotHeld() public {
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotRightHolder.selector, land, farmer, coop));
        _apply(farmer, pearId, P, land, address(0));
    }

    function test_applyForLoan_refusesCollateralKindMismatch() public {
        uint256 receipt = _receipt(distributor, "WR-1");
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanBook.LoanBookCollateralKindMismatch.selector,
                pearId,
                receipt,
                IPropertyRegistry.Kind.WarehouseReceipt
            )
        );
        _apply(distributor, pearId, P, receipt, address(0));
        ILoanBook.ProductParams memory params = _pearParams();
        params.purpose = ILoanBook.Purpose.InventoryPledge;
        uint256 pledgeId = _createProduct(bank, params);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanBook.LoanBookCollateralKindMismatch.selector,
                pledgeId,
                land,
                IPropertyRegistry.Kind.LandManagement
            )
        );
        _apply(coop, pledgeId, P, land, address(0));
    }

    function test_applyForLoan_refusesNonGuarantor() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IConsortium.MemberRoleNotAllowed.selector,
                bank2,
                IConsortium.Role.OperatorBank,
                1 << uint8(IConsortium.Role.Guarantor)
            )
        );
        _apply(coop, pearId, P, land, bank2);
    }

    // ───────────────────────────── withdraw / approveGuarantee / reject ─────────────────────────────

    function test_withdraw_closesApplication() public {
        uint256 id = _apply(coop, pearId, P, land, address(0));
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanWithdrawn(id, coop);
        vm.prank(coop);
        book.withdraw(id);
        _assertEq(_status(id), uint256(ILoanBook.Status.Withdrawn), "status");
    }

    function test_withdraw_refusesOthersWrongStatusUnknownLoan() public {
        uint256 id = _apply(coop, pearId, P, land, address(0));
        address[3] memory callers = [regulator, outsider, bank];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotBorrower.selector, id, callers[i], coop));
            vm.prank(callers[i]);
            book.withdraw(id);
        }
        vm.prank(coop);
        book.withdraw(id);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, id, ILoanBook.Status.Withdrawn));
        vm.prank(coop);
        book.withdraw(id);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookUnknownLoan.selector, 5));
        vm.prank(coop);
        book.withdraw(5);
    }

    function test_approveGuarantee_recordsApproval() public {
        uint256 id = _apply(coop, pearId, P, land, guarantor);
        vmx.expectEmit(address(book));
        emit ILoanBook.GuaranteeApproved(id, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(id);
        _assertTrue(book.loanOf(id).guaranteeApproved, "approved");
    }

    function test_approveGuarantee_refusesOthersTwiceAndWrongStatus() public {
        uint256 id = _apply(coop, pearId, P, land, guarantor);
        address[4] memory callers = [regulator, outsider, coop, provincial];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotGuarantor.selector, id, callers[i], guarantor));
            vm.prank(callers[i]);
            book.approveGuarantee(id);
        }
        vm.prank(guarantor);
        book.approveGuarantee(id);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookGuaranteeAlreadyApproved.selector, id));
        vm.prank(guarantor);
        book.approveGuarantee(id);

        uint256 id2 = _apply(coop, pearId, P, land, guarantor);
        vm.prank(coop);
        book.withdraw(id2);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, id2, ILoanBook.Status.Withdrawn)
        );
        vm.prank(guarantor);
        book.approveGuarantee(id2);

        uint256 unguaranteed = _apply(coop, pearId, P, land, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookNotGuarantor.selector, unguaranteed, guarantor, address(0))
        );
        vm.prank(guarantor);
        book.approveGuarantee(unguaranteed);
    }

    function test_reject_closesApplication() public {
        uint256 id = _apply(coop, pearId, P, land, address(0));
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanRejected(id, bank);
        vm.prank(bank);
        book.reject(id);
        _assertEq(_status(id), uint256(ILoanBook.Status.Rejected), "status");
    }

    function test_reject_refusesOthersSuspendedLenderWrongStatus() public {
        uint256 id = _apply(coop, pearId, P, land, address(0));
        address[4] memory callers = [regulator, outsider, bank2, microLender];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, callers[i], bank));
            vm.prank(callers[i]);
            book.reject(id);
        }
        vm.prank(operator);
        consortium.suspend(bank);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, bank, IConsortium.Status.Suspended)
        );
        vm.prank(bank);
        book.reject(id);
        vm.prank(operator);
        consortium.reinstate(bank);
        vm.prank(bank);
        book.reject(id);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, id, ILoanBook.Status.Rejected));
        vm.prank(bank);
        book.reject(id);
    }

    // ───────────────────────────── approveAndDisburse ─────────────────────────────

    function test_approveAndDisburse_placesLienPaysPrincipalAndCollectsFee() public {
        uint256 id = _apply(coop, pearId, P, land, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(id);
        uint256 supply = ecny.totalSupply();
        uint256 bankBefore = ecny.balanceOf(bank);
        uint256 coopBefore = ecny.balanceOf(coop);
        uint256 guarantorBefore = ecny.balanceOf(guarantor);
        uint256 fee = _halfUp(P * 87 * 365, 10_000 * 365); // ¥10,440.00 exactly
        _assertEq(fee, 10_440 * YUAN, "fee formula");

        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.LienPlaced(land, bank, id, address(book));
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanDisbursed(id, bank, coop, P, fee, T0 + 365 days);
        vm.prank(bank);
        book.approveAndDisburse(id);

        _assertEq(ecny.balanceOf(bank), bankBefore - P, "lender paid");
        _assertEq(ecny.balanceOf(coop), coopBefore + P - fee, "borrower received less fee");
        _assertEq(ecny.balanceOf(guarantor), guarantorBefore + fee, "guarantor fee");
        _assertEq(ecny.balanceOf(address(book)), 0, "book holds nothing");
        _assertEq(ecny.totalSupply(), supply, "supply");
        ILoanBook.Loan memory loan = book.loanOf(id);
        _assertTrue(loan.status == ILoanBook.Status.Active, "active");
        _assertEq(loan.outstanding, P, "outstanding");
        _assertEq(loan.disbursedAt, T0, "disbursedAt");
        _assertEq(loan.guaranteeFee, fee, "fee stored");
        _assertEq(loan.partiesVersion, 1, "parties version");
        IPropertyRegistry.Lien memory lien = rights.lienOf(land);
        _assertTrue(lien.lender == bank && lien.placedBy == address(book), "lien");
        _assertEq(lien.loanId, id, "lien loan");
        (uint256 principal, uint256 interest) = book.owed(id);
        _assertEq(principal, P, "owed principal");
        _assertEq(interest, 0, "no interest yet");
        (uint256 dueAt, uint256 due) = book.nextDue(id);
        _assertEq(dueAt, T0 + 365 days, "bullet due at maturity");
        _assertEq(due, P, "all principal due");
    }

    function test_approveAndDisburse_unsecuredUnguaranteedLoan() public {
        uint256 id = _apply(farmer, potatoId, 40_000 * YUAN, 0, address(0));
        uint256 before = ecny.balanceOf(farmer);
        _disburse(id);
        _assertEq(ecny.balanceOf(farmer), before + 40_000 * YUAN, "principal, no fee");
        _assertEq(book.loanOf(id).guaranteeFee, 0, "no fee");
    }

    function test_approveAndDisburse_refusesGuaranteeNotApproved() public {
        uint256 id = _apply(coop, pearId, P, land, guarantor);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookGuaranteeNotApproved.selector, id, guarantor));
        vm.prank(bank);
        book.approveAndDisburse(id);
    }

    function test_approveAndDisburse_refusesSuspendedGuarantor() public {
        uint256 id = _apply(coop, pearId, P, land, guarantor);
        vm.prank(guarantor);
        book.approveGuarantee(id);
        vm.prank(operator);
        consortium.suspend(guarantor);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, guarantor, IConsortium.Status.Suspended)
        );
        vm.prank(bank);
        book.approveAndDisburse(id);
    }

    function test_approveAndDisburse_refusesGuaranteedLoanWithoutRiskParties() public {
        LoanBook fresh = new LoanBook(consortium, ecny, rights);
        _registerSystem(address(fresh), "LoanBook2");
        vm.prank(bank);
        uint256 productId = fresh.createProduct(_potatoParams());
        vm.prank(coop);
        uint256 id = fresh.applyForLoan(productId, 50_000 * YUAN, 0, guarantor);
        vm.prank(guarantor);
        fresh.approveGuarantee(id);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookRiskPartiesNotSet.selector));
        vm.prank(bank);
        fresh.approveAndDisburse(id);
    }

    function test_approveAndDisburse_refusesWithoutValidAppraisal() public {
        uint256 unappraised = _land(coop, "130638-2026-000002", 20);
        uint256 id = _apply(coop, pearId, 100_000 * YUAN, unappraised, address(0));
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNoValidAppraisal.selector, unappraised));
        vm.prank(bank);
        book.approveAndDisburse(id);

        uint256 id2 = _apply(coop, pearId, P, land, address(0));
        vm.warp(T0 + 366 days); // the appraisal (valid 365 days) has expired
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNoValidAppraisal.selector, land));
        vm.prank(bank);
        book.approveAndDisburse(id2);
    }

    function test_approveAndDisburse_refusesAboveLtv() public {
        uint256 id = _apply(coop, pearId, P + 1, land, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookAboveLtv.selector, id, P + 1, 2_000_000 * YUAN, 6_000, P)
        );
        vm.prank(bank);
        book.approveAndDisburse(id);
        // A lower re-appraisal after the application binds at disbursement.
        uint256 id2 = _apply(coop, pearId, P, land, address(0));
        _appraise(land, 1_999_999 * YUAN, 365);
        uint256 cap = (1_999_999 * YUAN * 6_000) / 10_000;
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookAboveLtv.selector, id2, P, 1_999_999 * YUAN, 6_000, cap)
        );
        vm.prank(bank);
        book.approveAndDisburse(id2);
    }

    function test_approveAndDisburse_refusesRightTermEndingBeforeMaturity() public {
        vm.prank(registry);
        uint256 shortRight = rights.register(
            IPropertyRegistry.Kind.LandManagement,
            "SHORT-1",
            "c",
            "v",
            100,
            T0,
            T0 + 200 days,
            coop
        );
        _appraise(shortRight, 1_000_000 * YUAN, 100);
        uint256 id = _apply(coop, pearId, 100_000 * YUAN, shortRight, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanBook.LoanBookRightTermTooShort.selector,
                shortRight,
                T0 + 200 days,
                T0 + 365 days
            )
        );
        vm.prank(bank);
        book.approveAndDisburse(id);
    }

    function test_approveAndDisburse_refusesRightAlreadyUnderLien() public {
        uint256 first = _apply(coop, pearId, 500_000 * YUAN, land, address(0));
        uint256 second = _apply(coop, pearId, 500_000 * YUAN, land, address(0));
        _disburse(first);
        vm.expectRevert(abi.encodeWithSelector(IPropertyRegistry.RegistryLienExists.selector, land, bank, first));
        vm.prank(bank);
        book.approveAndDisburse(second);
    }

    function test_approveAndDisburse_refusesRightNoLongerHeld() public {
        uint256 id = _apply(coop, pearId, P, land, address(0));
        vm.prank(registry);
        rights.transferByRegistry(land, farmer, IPropertyRegistry.TransferReason.Circulation);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotRightHolder.selector, land, coop, farmer));
        vm.prank(bank);
        book.approveAndDisburse(id);
    }

    function test_approveAndDisburse_refusesOthersAndWrongStatus() public {
        uint256 id = _apply(coop, pearId, P, land, address(0));
        address[3] memory callers = [regulator, outsider, bank2];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotLender.selector, id, callers[i], bank));
            vm.prank(callers[i]);
            book.approveAndDisburse(id);
        }
        _disburse(id);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, id, ILoanBook.Status.Active));
        vm.prank(bank);
        book.approveAndDisburse(id);
    }

    // ───────────────────────────── interest and repayment ─────────────────────────────

    function test_repay_interestFirstThenPrincipal() public {
        (uint256 id, ) = _pearLoanOn(P);
        vm.warp(T0 + 100 days + 5 hours);
        uint256 interest = _halfUp(P * 435 * 100, 10_000 * 365);
        (uint256 principal, uint256 owedInterest) = book.owed(id);
        _assertEq(principal, P, "principal");
        _assertEq(owedInterest, interest, "100 whole days of interest");
        uint256 amount = interest + 200_000 * YUAN;
        uint256 bankBefore = ecny.balanceOf(bank);

        vmx.expectEmit(address(book));
        emit ILoanBook.RepaymentMade(id, coop, amount, interest, 200_000 * YUAN, P - 200_000 * YUAN);
        vm.prank(coop);
        book.repay(id, amount);

        _assertEq(ecny.balanceOf(bank), bankBefore + amount, "lender paid");
        ILoanBook.Loan memory loan = book.loanOf(id);
        _assertEq(loan.outstanding, P - 200_000 * YUAN, "outstanding");
        _assertEq(loan.interest, 0, "interest cleared");
        _assertEq(loan.interestPaid, interest, "interest paid");
        _assertEq(loan.accruedAt, T0 + 100 days, "the 5 hours carry over");
        _assertTrue(rights.hasLien(land), "lien kept while owed");

        // A payment smaller than the accrued interest goes to interest only.
        vm.warp(T0 + 200 days);
        uint256 interest2 = _halfUp((P - 200_000 * YUAN) * 435 * 100, 10_000 * 365);
        vm.prank(coop);
        book.repay(id, 1_000 * YUAN);
        loan = book.loanOf(id);
        _assertEq(loan.outstanding, P - 200_000 * YUAN, "principal untouched");
        _assertEq(loan.interest, interest2 - 1_000 * YUAN, "interest reduced");
    }

    function test_repay_fractionOfDayCarriesOver() public {
        (uint256 id, ) = _pearLoanOn(P);
        vm.warp(T0 + 1 days + 12 hours);
        uint256 oneDay = _halfUp(P * 435, 10_000 * 365);
        vm.prank(coop);
        book.repay(id, oneDay); // interest only
        _assertEq(book.loanOf(id).accruedAt, T0 + 1 days, "half a day left unaccrued");
        vm.warp(T0 + 2 days);
        (, uint256 interest) = book.owed(id);
        _assertEq(interest, oneDay, "the carried half day completes day 2");
        vm.warp(T0 + 2 days + 23 hours);
        (, interest) = book.owed(id);
        _assertEq(interest, oneDay, "no partial day");
    }

    function test_repay_fullRepaymentReleasesLienInSameTransaction() public {
        (uint256 id, ) = _pearLoanOn(P);
        vm.warp(T0 + 365 days);
        (uint256 principal, uint256 interest) = book.owed(id);
        _assertEq(interest, _halfUp(P * 435 * 365, 10_000 * 365), "a year of interest");
        _assertEq(interest, 52_200 * YUAN, "4.35% of 1.2 million");
        vmx.expectEmit(address(rights));
        emit IPropertyRegistry.LienReleased(land, bank, id, address(book));
        vmx.expectEmit(address(book));
        emit ILoanBook.RepaymentMade(id, coop, principal + interest, interest, principal, 0);
        vmx.expectEmit(address(book));
        emit ILoanBook.LoanRepaid(id, P, interest);
        vm.prank(coop);
        book.repay(id, principal + interest);
        _assertEq(_status(id), uint256(ILoanBook.Status.Repaid), "repaid");
        _assertTrue(!rights.hasLien(land), "lien lifted");
        (principal, interest) = book.owed(id);
        _assertEq(principal + interest, 0, "nothing owed");
        (uint256 dueAt, ) = book.nextDue(id);
        _assertEq(dueAt, 0, "no next due");
        vm.prank(registry); // the right is free again
        rights.transferByRegistry(land, farmer, IPropertyRegistry.TransferReason.Circulation);
    }

    function test_repay_refusesMoreThanOwed() public {
        (uint256 id, ) = _pearLoanOn(P);
        vm.warp(T0 + 10 days);
        (uint256 principal, uint256 interest) = book.owed(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                ILoanBook.LoanBookRepaymentExceedsOwed.selector,
                id,
                principal + interest,
                principal + interest + 1
            )
        );
        vm.prank(coop);
        book.repay(id, principal + interest + 1);
    }

    function test_repay_refusesZeroOthersSuspendedBorrowerAndWrongStatus() public {
        uint256 applied = _apply(coop, pearId, P, land, address(0));
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, applied, ILoanBook.Status.Applied)
        );
        vm.prank(coop);
        book.repay(applied, 1);
        _disburse(applied);
        vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookZeroAmount.selector));
        vm.prank(coop);
        book.repay(applied, 0);
        address[3] memory callers = [regulator, outsider, bank];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ILoanBook.LoanBookNotBorrower.selector, applied, callers[i], coop));
            vm.prank(callers[i]);
            book.repay(applied, 1);
        }
        vm.prank(operator);
        consortium.suspend(coop);
        vm.expectRevert(
            abi.encodeWithSelector(IConsortium.MemberNotActive.selector, coop, IConsortium.Status.Suspended)
        );
        vm.prank(coop);
        book.repay(applied, 1);
        vm.prank(operator);
        consortium.reinstate(coop);
        vm.prank(coop);
        book.repay(applied, P);
        vm.expectRevert(
            abi.encodeWithSelector(ILoanBook.LoanBookWrongStatus.selector, applied, ILoanBook.Status.Repaid)
        );
        vm.prank(coop);
        book.repay(applied, 1);
    }

    function test_owed_act360UsesA360DayYear() public {
        uint256 principal = 100_000 * YUAN;
        uint256 id = _apply(coop, potatoId, principal, 0, address(0));
        _disburse(id);
        vm.warp(T0 + 90 days);
        (, uint256 interest) = book.owed(id);
        _assertEq(interest, _halfUp(principal * 520 * 90, 10_000 * 360), "Act/360");
        _assertEq(interest, 1_300 * YUAN, "5.2% x 90/360 of 100,000");
    }

    function test_nextDue_followsInstalmentSchedule() public {
        uint256 principal = 10_000_001; // fen: parts 2,500,000 ×3 and 2,500,001 (the remainder)
        uint256 id = _apply(coop, potatoId, principal, 0, address(0));
        _disburse(id);
        (uint256 dueAt, uint256 due) = book.nextDue(id);
        _assertEq(dueAt, T0 + 90 days, "first instalment day 90");
        _assertEq(due, 2_500_000, "first part");

        vm.warp(T0 + 30 days);
        (, uint256 interest) = book.owed(id);
        vm.prank(coop);
        book.repay(id, interest + 2_500_001); // one fen ahead
        (dueAt, due) = book.nextDue(id);
        _assertEq(dueAt, T0 + 180 days, "second instalment");
        _assertEq(due, 2_499_999, "second part less the fen paid ahead");

        vm.warp(T0 + 181 days); // overdue: due date passed with the second part unpaid
        (dueAt, due) = book.nextDue(id);
        _assertTrue(consortium.currentTime() > dueAt, "overdue");
        (, interest) = book.owed(id);
        vm.prank(coop);
        book.repay(id, interest + due + 2_500_000);
        (dueAt, due) = book.nextDue(id);
        _assertEq(dueAt, T0 + 360 days, "last instalment");
        _assertEq(due, 2_500_001, "last part takes the remainder");
    }

    function test_owedAndNextDue_zeroBeforeDisbursement() public {
        uint256 id = _apply(coop, pearId, P, land, address(0));
        (uint256 principal, uint256 interest) = book.owed(id);
        (uint256 dueAt, uint256 due) = book.nextDue(id);
        _assertEq(principal + interest + dueAt + due, 0, "nothing before disbursement");
    }

    // ───────────────────────────── helpers ─────────────────────────────

    function _pearLoanOn(uint256 principal) private returns (uint256 id, uint256 rightId) {
        id = _apply(coop, pearId, principal, land, address(0));
        _disburse(id);
        rightId = land;
    }

    /// @dev round_half_up(n / d) computed independently of LoanMath (remainder test).
    function _halfUp(uint256 n, uint256 d) private pure returns (uint256 q) {
        q = n / d;
        if ((n % d) * 2 >= d) q += 1;
    }
}
