import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, screenshot, signIn, withPage } from './browser.js';

// Issue #6 in the browser: a practitioner hands a case over to a team in another region with the checklist,
// the receiving SPO sees it and opens the whole record before accepting, and acceptance moves responsibility.
// The receiving region comes from test/integration/transfer-fixture.ts (added by global-setup.ts).

const baseUrl = inject('baseUrl');
const RECEIVING_TEAM = 'North East – North Tyneside – North Tyneside Team A';

/** Each step is a different user, so the previous user's session is dropped first. */
async function signInAfresh(page: Page, username: string): Promise<void> {
  await page.context().clearCookies();
  await signIn(page, baseUrl, username);
}

describeInBrowser('a case is handed over between regions in the browser', () => {
  let page: Page;
  let crn: string;
  withPage((p) => (page = p));

  it('the practitioner requests the transfer, meeting the error summary, then with the checklist', async () => {
    await signInAfresh(page, 'practitioner');
    // Not the first case of the caseload: the other journeys use that one.
    const links = page.locator('main table tbody a.govuk-link');
    crn = ((await links.nth(2).locator('xpath=ancestor::tr').innerText()).match(/[A-Z][0-9]{6}/) ?? [])[0]!;
    await page.goto(`${baseUrl}/cases/${crn}/transfers`);
    await expectAccessible(page, 'case transfers tab');
    await page.getByRole('button', { name: 'Request a transfer' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Receiving team').selectOption({ label: RECEIVING_TEAM });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: 'Request transfer' }).click();
    await page.waitForLoadState('load');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toContain('Choose a reason for the transfer');
    expect(summary).toContain('Enter a handover note');
    await expectAccessible(page, 'transfer request with errors');
    await screenshot(page, 'transfers-01-errors');
    await page.getByLabel('Owen Bramley (PO)').check();
    await page.getByLabel('Reason', { exact: true }).selectOption('Change of address');
    await page
      .getByLabel('Handover note', { exact: true })
      .fill('Moved to North Shields. Weekly reporting; next appointment booked.');
    for (const box of await page.locator('.govuk-checkboxes__input').all()) await box.check();
    await page.getByRole('button', { name: 'Request transfer' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('stays responsible');
    expect(await page.getByTestId('pending-transfer').innerText()).toContain('North Tyneside Team A');
    await expectAccessible(page, 'case with a pending transfer');
    await screenshot(page, 'transfers-02-requested');
  });

  it('the receiving SPO sees it before accepting and opens the whole record', async () => {
    await signInAfresh(page, 'nea0spo');
    await page.getByRole('link', { name: 'Transfers', exact: true }).click();
    await page.waitForLoadState('load');
    const row = page.getByTestId('incoming').locator(`tr[data-crn="${crn}"]`);
    expect(await row.innerText()).toContain('Pending');
    await expectAccessible(page, 'transfers list');
    await screenshot(page, 'transfers-03-incoming');
    await row.locator('a').first().click();
    await page.waitForLoadState('load');
    expect(await page.getByTestId('handover-note').innerText()).toContain('North Shields');
    await expectAccessible(page, 'transfer page');
    await page.getByRole('link', { name: new RegExp(crn) }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toContain(`/cases/${crn}`);
    expect(await page.locator('h1').innerText()).toBeTruthy();
    await page.goBack();
    await page.waitForLoadState('load');
  });

  it('acceptance switches responsibility at once', async () => {
    await page.getByRole('button', { name: 'Accept transfer' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'Responsibility has moved',
    );
    expect(await page.getByTestId('transfer-history').innerText()).toContain('Accepted');
    await screenshot(page, 'transfers-04-accepted');
    await page.goto(`${baseUrl}/cases/${crn}`);
    const overview = await page.locator('main').innerText();
    expect(overview).toContain('Owen Bramley');
  });

  it('shows the watchdog to managers', async () => {
    await signInAfresh(page, 'spo');
    await page.getByRole('link', { name: 'Watchdog' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByTestId('watchdog-counts').innerText()).toContain(
      'No single responsible officer: 0',
    );
    await expectAccessible(page, 'watchdog');
    await screenshot(page, 'transfers-05-watchdog');
  });
});
