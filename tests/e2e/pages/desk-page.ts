import { expect, type Locator, type Page } from '@playwright/test';

/** The operator's desk and call screen, driven by keyboard where the operator would. */
export class DeskPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  get script(): Locator {
    return this.page.getByRole('region', { name: 'Script' });
  }
  get card(): Locator {
    return this.page.getByRole('region', { name: 'Prospect' });
  }

  async nextCall(): Promise<string> {
    await this.page.getByRole('link', { name: 'Desk' }).click();
    await this.page.keyboard.press('n');
    await expect(this.script).toBeVisible();
    return (await this.card.getByRole('heading', { level: 2 }).innerText()).trim();
  }

  /** The prospect's zone as the card shows it, e.g. "Asia/Novosibirsk". */
  async zone(): Promise<string> {
    const text = await this.card.getByText(/^Local time/).innerText();
    return /\(([^)]+)\)/.exec(text)?.[1] ?? '';
  }

  async option(n: number): Promise<void> {
    await this.page.keyboard.press(String(n));
  }

  async continue(): Promise<void> {
    await this.page.keyboard.press('Enter');
  }

  async answer(text: string): Promise<void> {
    await this.script.getByRole('textbox', { name: 'Answer' }).fill(text);
    await this.page.keyboard.press('Enter');
  }

  async outcome(key: string): Promise<Locator> {
    await this.page.keyboard.press(`Alt+${key}`);
    const form = this.page.getByRole('form', { name: /^Outcome:/ });
    await expect(form).toBeVisible();
    return form;
  }

  async save(form: Locator): Promise<void> {
    await form.getByRole('button', { name: /^Save(?! and)/ }).click();
    await expect(this.page.getByRole('status').filter({ hasText: /^Saved:/ })).toBeVisible();
  }
}
