import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { createApp } from "../../src/api/app.js";
import { listen, type Listening } from "../../src/api/server.js";
import { bootService } from "../../src/service/boot.js";
import type { ScfService } from "../../src/service/service.js";

/**
 * The dashboard end to end: the real app (`bootService` + `createApp`, the demo story on an
 * in-process chain) on a free port, driven by a real headless Chromium. A supplier splits its
 * receivable through the UI; the lineage tree and the plain-words event log show the new token;
 * a split made elsewhere (straight through the API) reaches the open page over the live stream.
 */

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const OUT = join(process.cwd(), "test-output");
const DOCS_PICTURE = join(process.cwd(), "docs", "dashboard.png");

const card = (page: Page, owner: string) => page.locator(`[data-testid=token-card][data-owner="${owner}"]`);

describe("the live dashboard", () => {
  let service: ScfService;
  let http: Listening;
  let context: BrowserContext;
  let profile: string;
  let page: Page;
  const pageErrors: string[] = [];
  const token = (id: string) => {
    const t = service.tokens.byParticipant.get(id);
    if (!t) throw new Error(`no API token for ${id}`);
    return t;
  };
  /** Acts as a participant through the header, pasting its token when the server offers no dev tokens. */
  const actAs = async (id: string, name: string) => {
    await page.selectOption("#act-as", id);
    if (await page.locator("#token-form").isVisible()) {
      await page.fill("#token-input", token(id));
      await page.click("#token-form button[type=submit]");
    }
    await expect.poll(() => page.locator("#me-status").textContent()).toContain(name);
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `The dashboard test needs Chromium at ${CHROMIUM}, which is missing. Install it with ` +
          "`apt-get install -y chromium` (Debian/Ubuntu, as root), then run the tests again. " +
          "(Never `npx playwright install`: this project drives the system Chromium through playwright-core.)",
      );
    }
    mkdirSync(OUT, { recursive: true });
    service = await bootService({});
    http = await listen(createApp(service), { port: 0, host: "127.0.0.1" });
    profile = mkdtempSync(join(tmpdir(), "scf-dashboard-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ARGS,
      viewport: { width: 1440, height: 1000 },
      locale: "en-US",
    });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await http?.close(500);
    await service?.close();
  });

  it("splits a receivable through the UI and shows the new token in the lineage tree and the event log", async () => {
    await page.goto(`${http.url}/`);
    await page.waitForSelector("body[data-ready=true]");
    await expect.poll(() => page.locator("[data-slot-id]").count()).toBeGreaterThan(0);

    // Act as the rolling mill, which holds voucher #1's first token in the seeded story.
    await page.selectOption("#act-as", "rolling-mill");
    if (await page.locator("#token-form").isVisible()) {
      // No dev-token route on this server: paste the participant's token, as a user would.
      await page.fill("#token-input", token("rolling-mill"));
      await page.click("#token-form button[type=submit]");
    }
    await expect.poll(() => page.locator("#me-status").textContent()).toContain("Fengrun Rolling Mill");

    await page.click('[data-slot-id="1"]');
    const millCard = card(page, "rolling-mill");
    await millCard.locator("button[data-action=split]").waitFor();
    const before = await page.locator("[data-testid=token-card]").count();
    await expect(card(page, "scrap-collector").count()).resolves.toBe(0);
    await page.screenshot({ path: join(OUT, "dashboard-before-split.png"), fullPage: true });

    // A refusal is shown in the service's own words, inside the dialog.
    await millCard.locator("button[data-action=split]").click();
    await page.selectOption("#form-dialog select[name=to]", "scrap-collector");
    await page.fill("#form-dialog input[name=amount]", "99,000,000");
    await page.click("#form-dialog button[type=submit]");
    const refusal = page.locator("#form-dialog .form-error");
    await refusal.waitFor({ state: "visible" });
    expect(await refusal.textContent()).toMatch(/¥99,000,000\.00/);
    expect(await refusal.textContent()).not.toMatch(/\bat\s+\S+\.(ts|js):\d+/); // never a stack trace

    // A fraction of a fen is refused before anything is sent.
    await page.fill("#form-dialog input[name=amount]", "12.345");
    await page.click("#form-dialog button[type=submit]");
    await expect.poll(() => page.locator("#form-dialog input[name=amount]").getAttribute("aria-invalid")).toBe("true");

    // The split: ¥1,250,000.50 to the scrap collector, typed in yuan, sent as exact fen.
    await page.fill("#form-dialog input[name=amount]", "1,250,000.50");
    await page.screenshot({ path: join(OUT, "dashboard-split-dialog.png") });
    await page.click("#form-dialog button[type=submit]");

    const newCard = card(page, "scrap-collector");
    await newCard.waitFor();
    await expect.poll(() => page.locator("[data-testid=token-card]").count()).toBe(before + 1);
    expect(await newCard.textContent()).toContain("¥1,250,000.50");
    expect(await newCard.textContent()).toContain("Tier 2");
    expect(await millCard.textContent()).toContain("¥5,749,999.50"); // ¥7,000,000 − ¥1,250,000.50

    // The chain agrees, to the fen.
    const collector = service.directory.participant("scrap-collector").address.toLowerCase();
    const minted = [...service.state.tokens.values()].filter((t) => t.owner === collector);
    expect(minted.map((t) => t.value)).toEqual([125_000_050n]);

    // The event log says it in plain words.
    const log = page.locator("[data-testid=event-log]");
    await expect
      .poll(() => log.textContent())
      .toMatch(/Fengrun Rolling Mill split ¥1,250,000\.50 of voucher #1 to Qian'an Scrap Collector/);

    // The pictures: once the new token's highlight and the notices have settled.
    await expect.poll(() => page.locator("#toasts > *").count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: join(OUT, "dashboard-after-split.png"), fullPage: true });
    // The README's picture: the header and the lineage. Copied to docs/dashboard.png when that is
    // missing, or again with SCF_DOCS_SCREENSHOT=1, so that an ordinary run leaves the tree unchanged.
    const lineage = await page.locator("#vouchers").boundingBox();
    const readmePicture = join(OUT, "dashboard.png");
    await page.screenshot({
      path: readmePicture,
      fullPage: true,
      clip: { x: 0, y: 0, width: 1440, height: Math.ceil((lineage?.y ?? 0) + (lineage?.height ?? 1000) + 16) },
    });
    if (!existsSync(DOCS_PICTURE) || process.env.SCF_DOCS_SCREENSHOT === "1") {
      mkdirSync(dirname(DOCS_PICTURE), { recursive: true });
      copyFileSync(readmePicture, DOCS_PICTURE);
    }
    expect(pageErrors).toEqual([]);
  });

  it("updates the open page live when the chain changes elsewhere", async () => {
    // The scrap recycler splits its own token through the API, not through this page.
    const res = await fetch(`${http.url}/api/tokens/1.2/split`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token("scrap-recycler")}`, "Content-Type": "application/json" },
      body: JSON.stringify({ to: "scrap-collector", amountFen: "50000000" }),
    });
    expect(res.ok, `the API refused the split: ${res.status} ${await res.clone().text()}`).toBe(true);
    await expect.poll(() => card(page, "scrap-collector").count(), { timeout: 15_000 }).toBe(2);
    const tier3 = card(page, "scrap-collector").filter({ hasText: "Tier 3" });
    expect(await tier3.textContent()).toContain("¥500,000.00");
    await expect
      .poll(() => page.locator("[data-testid=event-log]").textContent())
      .toMatch(/Luannan Scrap Recycling split ¥500,000\.00 of voucher #1 to Qian'an Scrap Collector/);
    expect(pageErrors).toEqual([]);
  });

  it("takes a loan from application to repayment through the loans panel's buttons, and shows a refusal in plain words", async () => {
    // The product to apply against: the micro-lender publishes it through the API (products have no form).
    const published = await fetch(`${http.url}/api/products`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token("micro-lender")}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        name: "流水贷 Micro-loan",
        purpose: "WorkingCapital",
        rateBps: 550,
        termDays: 90,
        graceDays: 15,
        minPrincipalFen: "5000000",
        maxPrincipalFen: "50000000",
      }),
    });
    expect(published.ok, `the API refused the product: ${await published.clone().text()}`).toBe(true);
    const productId = String(((await published.json()) as { result: { productId: string } }).result.productId);

    const loans = page.locator("#loans");
    const row = loans.locator("[data-testid=loan-row]");
    const dialog = page.locator("#form-dialog");
    const statusOf = () => row.first().getAttribute("data-status");

    // The borrower applies, naming a guarantor; an unsecured product asks for no pledge.
    await actAs("scrap-collector", "Qian'an Scrap Collector");
    await expect.poll(() => loans.textContent()).toContain("No loans of yours yet.");
    await loans.locator("button[data-action=apply-loan]").click();
    await dialog.locator("select[name=productId]").selectOption(productId);
    expect(await dialog.locator("select[name=rightId]").isVisible()).toBe(false);
    expect(await dialog.textContent()).toContain("Between ¥50,000.00 and ¥500,000.00, for 90 days.");
    await dialog.locator("input[name=amount]").fill("300,000");
    await dialog.locator("select[name=guarantor]").selectOption("guarantor");
    await dialog.locator("button[type=submit]").click();
    await expect.poll(() => row.count()).toBe(1);
    expect(await statusOf()).toBe("Applied");
    expect(await row.textContent()).toContain("waits for the guarantee");
    expect(await row.locator("button[data-action=withdraw]").count()).toBe(1);

    // The guarantor approves the guarantee; the lender cannot disburse before that.
    await actAs("micro-lender", "Caofeidian Micro-Loan Company");
    await expect.poll(() => row.locator("button[data-action=reject]").count()).toBe(1);
    expect(await row.locator("button[data-action=disburse]").count()).toBe(0);
    await actAs("guarantor", "Tangshan Financing Guarantee");
    await row.locator("button[data-action=guarantee]").click();
    await dialog.locator("button[type=submit]").click();
    await expect.poll(() => row.textContent()).toContain("guarantee approved");

    // The lender approves and disburses.
    await actAs("micro-lender", "Caofeidian Micro-Loan Company");
    await row.locator("button[data-action=disburse]").click();
    await dialog.locator("button[type=submit]").click();
    await expect.poll(statusOf).toBe("Active");

    // A refusal, in the service's own words: a default only after a missed due date and the grace days.
    await row.locator("button[data-action=default]").click();
    await dialog.locator("button[type=submit]").click();
    const refusal = dialog.locator(".form-error");
    await refusal.waitFor({ state: "visible" });
    expect(await refusal.textContent()).toMatch(
      /^Loan #\d+ may be declared defaulted only after \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\+8\)\.$/,
    );
    await page.screenshot({ path: join(OUT, "dashboard-loan-refusal.png") });
    await dialog.locator("button.ghost").click();
    expect(await statusOf()).toBe("Active");

    // The borrower repays what is owed (prefilled, to the fen) and the loan reads as repaid.
    await actAs("scrap-collector", "Qian'an Scrap Collector");
    await row.locator("button[data-action=repay]").click();
    await dialog.locator("[data-testid=repay-form]").waitFor(); // after the owed amount is read
    expect(await dialog.textContent()).toContain("Owed now: ¥300,000.00 (¥300,000.00 principal + ¥0.00 interest)");
    expect(await dialog.locator("input[name=amount]").inputValue()).toBe("300000");
    await dialog.locator("button[type=submit]").click();
    await expect.poll(statusOf).toBe("Repaid");
    expect(await row.locator("[data-testid=loan-status]").textContent()).toBe("Repaid");
    expect(await row.locator("button").count()).toBe(0);
    await page.screenshot({ path: join(OUT, "dashboard-loans.png"), fullPage: true });

    // The chain agrees.
    const loan = [...service.state.loans.values()].at(-1)!;
    expect(loan.status).toBe("Repaid");
    expect([loan.principal, loan.principalRepaid]).toEqual([30_000_000n, 30_000_000n]);
    expect(loan.guarantor).toBe(service.directory.participant("guarantor").address.toLowerCase());
    expect(pageErrors).toEqual([]);
  });

  it("has every label of the dictionary in both languages", async () => {
    const missing = await page.evaluate<{ zh: string[]; en: string[] }>(
      `import("/i18n.js").then(({ STRINGS }) => ({
        zh: Object.keys(STRINGS.en).filter((k) => !(k in STRINGS.zh) && !k.endsWith(".one")),
        en: Object.keys(STRINGS.zh).filter((k) => !(k in STRINGS.en)),
      }))`,
    );
    expect(missing).toEqual({ zh: [], en: [] });
  });

  it("switches every label to Chinese and keeps form controls labelled and the page within a phone's width", async () => {
    await page.click("#lang-toggle");
    await expect.poll(() => page.locator("#vouchers-h").textContent()).toBe("应收账款电子凭证与拆分链路");
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-Hans");
    expect(await card(page, "scrap-collector").first().textContent()).toContain("迁安废钢收购点");
    await page.screenshot({ path: join(OUT, "dashboard-zh.png") });

    // (browser-side code as strings: the project's TypeScript has no DOM types)
    const unlabelled = await page.evaluate<string[]>(
      `[...document.querySelectorAll("input, select, textarea")]
        .filter((el) => !el.labels?.length && !el.getAttribute("aria-label"))
        .map((el) => el.outerHTML.slice(0, 80))`,
    );
    expect(unlabelled).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(OUT, "dashboard-phone.png"), fullPage: true });
    await page.click("#lang-toggle");
    expect(pageErrors).toEqual([]);
  });
});
