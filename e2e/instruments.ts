import type { Page } from 'playwright-core';

/** On a person's assessments tab: picks an instrument by its name and starts filling it. */
export async function startInstrument(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: 'แบบประเมิน' }).click();
  await page.getByRole('option', { name }).click();
  await page.getByRole('button', { name: 'เริ่มประเมิน' }).click();
}

/** Signs, confirming in the dialog, and waits for the dialog to close. */
export async function confirmSign(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'ลงนามและบันทึกผล' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'ลงนามและบันทึกผล' }).click();
  await dialog.waitFor({ state: 'hidden' });
}
