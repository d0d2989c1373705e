import { expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, screenshot, signIn, withPage } from './browser.js';

const baseUrl = inject('baseUrl');

describeInBrowser('an SPO allocates a case from the queue in the browser', () => {
  let page: Page;
  let crn: string;
  let practitioner: string;
  withPage((p) => (page = p));

  it('shows the PDU queue, most urgent first, with its counts', async () => {
    await signIn(page, baseUrl, 'spo');
    await page.getByRole('link', { name: 'Allocations' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toMatch(/^\/allocation\/team\//);
    await expectAccessible(page, 'team queue');
    await page.getByRole('link', { name: 'Whole PDU queue' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByTestId('queue-counts').innerText()).toMatch(/waiting/);
    await expectAccessible(page, 'PDU queue');
    await screenshot(page, 'allocation-01-queue');
    const link = page.getByTestId('queue').locator('tbody a.govuk-link').first();
    crn = (await link.locator('xpath=..').innerText()).match(/[A-Z][0-9]{6}/)![0];
    await link.click();
    await page.waitForLoadState('load');
  });

  it('shows the case, the ranked practitioners with capacity now → after, and the recommendation rules', async () => {
    expect(await page.locator('h1').innerText()).toContain(crn);
    expect(await page.getByTestId('practitioners').innerText()).toMatch(/→/);
    await expectAccessible(page, 'allocation page');
    await screenshot(page, 'allocation-02-choose');
  });

  it('asks for notes before allocating, then allocates in one step', async () => {
    const first = page.locator('input[name="practitioner"]:not([disabled])').first();
    const value = (await first.getAttribute('value'))!;
    practitioner = (await page
      .locator(`tr[data-staff="${value}"]`)
      .getAttribute('data-staff-code'))!.toLowerCase();
    await first.check();
    await page.getByRole('button', { name: 'Allocate case' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter allocation notes');
    await expectAccessible(page, 'allocation page with errors');
    await page.locator(`input[name="practitioner"]:not([disabled])`).first().check();
    await page.getByLabel('Allocation notes').fill('Allocated in the browser journey');
    // Whatever guardrail the recommended practitioner triggers, the reasons are given.
    await page.getByLabel('Reason for overriding a grade guardrail').fill('Agreed at the allocation meeting');
    await page.getByLabel('Justification for going over capacity').fill('Agreed at the allocation meeting');
    await page.getByRole('button', { name: 'Allocate case' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      `${crn} has been allocated`,
    );
    expect(await page.locator(`tr[data-crn="${crn}"]`).count()).toBe(0);
    await screenshot(page, 'allocation-03-allocated');
  });

  it('reports the allocation on the dashboard', async () => {
    await page.goto(`${baseUrl}/allocation/dashboard`);
    expect(await page.getByTestId('timeliness').innerText()).toMatch(/\d{4}-\d{2}/);
    await expectAccessible(page, 'allocation dashboard');
    await screenshot(page, 'allocation-04-dashboard');
  });

  it('tells the practitioner in Casework and prompts the next step', async () => {
    await page.context().clearCookies();
    await signIn(page, baseUrl, practitioner);
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.waitForLoadState('load');
    const note = page.getByTestId('notification').filter({ hasText: crn });
    expect(await note.innerText()).toContain(`${crn} has been allocated to you`);
    await expectAccessible(page, 'notifications');
    await screenshot(page, 'allocation-05-notification');
  });
});
