import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, launchBrowser, screenshot, signIn } from './browser.js';

const baseUrl = inject('baseUrl');

describeInBrowser('a practitioner finds and opens a case in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const crn = inject('caseloadCrn');
  const name = inject('caseloadName');

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => browser?.close());

  it('shows an accessible sign-in page and refuses a wrong password without saying which part was wrong', async () => {
    await page.goto(`${baseUrl}/sign-in`);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, '01-sign-in');
    await page.getByLabel('Username').fill('practitioner');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toMatch(/username or password/i);
    await expectAccessible(page, 'sign-in with error');
  });

  it('signs in to My cases', async () => {
    await signIn(page, baseUrl, 'practitioner');
    expect(new URL(page.url()).pathname).toBe('/cases');
    expect(await page.locator('h1').innerText()).toMatch(/My cases/i);
    expect(await page.getByTestId('signed-in-user').innerText()).not.toBe('');
    await expectAccessible(page, 'my cases');
    await screenshot(page, '02-my-cases');
  });

  it('finds the case by CRN in national search and opens its overview', async () => {
    await page.goto(`${baseUrl}/search`);
    await expectAccessible(page, 'search');
    await page.getByLabel(/CRN/).first().fill(crn);
    await page.getByRole('button', { name: /Search/ }).click();
    await page.waitForLoadState('load');
    await screenshot(page, '03-search-results');
    await expectAccessible(page, 'search results');
    await page
      .getByRole('link', { name: new RegExp(`${name}|${crn}`) })
      .first()
      .click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe(`/cases/${crn}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain(crn);
    expect(main).toContain(name);
    await expectAccessible(page, 'case overview');
    await screenshot(page, '04-case-overview');
  });

  it('opens the personal details and audit history of the case', async () => {
    await page.goto(`${baseUrl}/cases/${crn}/personal-details`);
    expect(await page.locator('main').innerText()).toContain(name);
    await expectAccessible(page, 'personal details');
    await screenshot(page, '05-personal-details');
    await page.goto(`${baseUrl}/cases/${crn}/history`);
    // Opening the overview a moment ago is itself in the audit trail.
    expect(await page.locator('main').innerText()).toMatch(/VIEW|Viewed/i);
    await expectAccessible(page, 'audit history');
    await screenshot(page, '06-audit-history');
  });

  it('shows a restricted case as restricted, with nothing about the person, in search and by direct URL', async () => {
    const excludedCrn = inject('excludedCrn');
    const excludedName = inject('excludedName');
    await page.goto(`${baseUrl}/search`);
    await page.getByLabel(/CRN/).first().fill(excludedCrn);
    await page.getByRole('button', { name: /Search/ }).click();
    await page.waitForLoadState('load');
    const results = await page.locator('main').innerText();
    expect(results).toContain(excludedCrn);
    expect(results).toMatch(/Restricted/i);
    expect(results).not.toContain(excludedName);
    await screenshot(page, '07-restricted-in-search');

    const response = await page.goto(`${baseUrl}/cases/${excludedCrn}`);
    expect(response?.status()).toBe(403);
    const body = await page.locator('body').innerText();
    expect(body).toMatch(/excluded/i);
    expect(body).not.toContain(excludedName);
    await expectAccessible(page, 'restricted case');
    await screenshot(page, '08-restricted-case');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.goto(`${baseUrl}/cases/${crn}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});

describeInBrowser('the service works without JavaScript', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('signs in and opens a case overview with JavaScript disabled', async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, baseUrl, 'practitioner');
    const crn = inject('caseloadCrn');
    await page.goto(`${baseUrl}/cases/${crn}`);
    expect(await page.locator('main').innerText()).toContain(inject('caseloadName'));
    await screenshot(page, '09-overview-no-javascript');
  });
});
