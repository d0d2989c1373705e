import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, screenshot, signIn, withPage } from './browser.js';

const baseUrl = inject('baseUrl');

// Issue #5, "done when": a sentenced person appears in the queue at once and is allocated in one step.
describeInBrowser('an SPO records a new sentence and allocates the person from the queue', () => {
  let page: Page;
  let crn: string;
  withPage((p) => (page = p));

  it('refuses an incomplete sentence with an error summary naming each field', async () => {
    await signIn(page, baseUrl, 'spo');
    await page.goto(`${baseUrl}/intake`);
    await expectAccessible(page, 'intake');
    await page.getByRole('button', { name: 'Record sentence' }).click();
    await page.waitForLoadState('load');
    const summary = await page.locator('.govuk-error-summary').innerText();
    expect(summary).toMatch(/first name/i);
    expect(summary).toMatch(/offence/i);
    await expectAccessible(page, 'intake with errors');
  });

  it('records the sentence and shows the person waiting in the team queue at once', async () => {
    await page.getByLabel('First name').fill('Jordan');
    await page.getByLabel('Last name').fill('Intake-Journey');
    await page.locator('#dateOfBirth-day').fill('14');
    await page.locator('#dateOfBirth-month').fill('6');
    await page.locator('#dateOfBirth-year').fill('1990');
    await page.getByLabel('Male', { exact: true }).check();
    await page.getByLabel('Sentencing court').selectOption({ index: 1 });
    await page.getByLabel('Main offence code').fill('10501');
    await page.getByRole('button', { name: 'Record sentence' }).click();
    await page.waitForLoadState('load');
    const problems = await page.locator('.govuk-error-summary').allInnerTexts();
    expect(problems).toEqual([]);
    expect(new URL(page.url()).pathname).toMatch(/^\/allocation\/team\//);
    const banner = await page.locator('.govuk-notification-banner').innerText();
    crn = banner.match(/[A-Z][0-9]{6}/)![0];
    const row = page.locator(`tr[data-crn="${crn}"]`);
    expect(await row.innerText()).toContain('Intake-Journey');
    await expectAccessible(page, 'queue after intake');
    await screenshot(page, 'intake-01-queued');
  });

  it('allocates the new person in one step with the capacity impact shown', async () => {
    await page.locator(`tr[data-crn="${crn}"] a.govuk-link`).first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toContain(crn);
    expect(await page.getByTestId('practitioners').innerText()).toMatch(/→/);
    await page.locator('input[name="practitioner"]:not([disabled])').first().check();
    await page.getByLabel('Allocation notes').fill('New to probation; allocated on the day of sentence');
    await page.getByLabel('Reason for overriding a grade guardrail').fill('Agreed at the allocation meeting');
    await page.getByLabel('Justification for going over capacity').fill('Agreed at the allocation meeting');
    await page.getByRole('button', { name: 'Allocate case' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      `${crn} has been allocated`,
    );
    expect(await page.locator(`tr[data-crn="${crn}"]`).count()).toBe(0);
    await screenshot(page, 'intake-02-allocated');
  });
});
