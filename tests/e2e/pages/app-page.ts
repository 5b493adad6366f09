import { expect, type Locator, type Page } from '@playwright/test';

/** The app as a user sees it: addressed by role and accessible name, in English. */
export class AppPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  get syncStatus(): Locator {
    return this.page.getByRole('status', { name: 'Sync status' });
  }
  get search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search prospects' });
  }
  get list(): Locator {
    return this.page.getByRole('listbox', { name: 'Prospects' });
  }
  row(name: string | RegExp): Locator {
    return this.list.getByRole('option', { name });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async login(username: string, password: string): Promise<void> {
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(this.syncStatus).toBeVisible();
    await this.openProspects();
  }

  /** Operators land on their desk; the prospect base is one click away. */
  async openProspects(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Prospects' }).click();
    await expect(this.search).toBeVisible();
  }

  async createProspect(fields: { name: string; phone?: string; taxId?: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'New prospect' }).click();
    await this.fill(fields);
    await this.save();
  }

  async fill(fields: { name?: string; phone?: string; taxId?: string; industry?: string }): Promise<void> {
    const form = this.page.getByRole('form');
    if (fields.name !== undefined) await form.getByLabel('Name', { exact: true }).fill(fields.name);
    if (fields.phone !== undefined) await form.getByLabel('Phone', { exact: true }).fill(fields.phone);
    if (fields.taxId !== undefined) await form.getByLabel('Tax id (INN)').fill(fields.taxId);
    if (fields.industry !== undefined) await form.getByLabel('Industry').fill(fields.industry);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: /^Save(?! and)/ }).click();
    await expect(this.page.getByText('Saved. It syncs when the server is reachable.')).toBeVisible();
  }

  async searchFor(query: string): Promise<void> {
    await this.search.fill(query);
  }
}
