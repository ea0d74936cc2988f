import type { Journey } from './journey';

/**
 * Click a header menu link as a person would: on a narrow screen the menu may be folded behind its "Menu"
 * button, which is opened first (and counted as a click). Works whether or not the header folds.
 */
export async function clickMenuLink(j: Journey, name: string): Promise<void> {
  const visible = () => j.page.getByRole('link', { name, exact: true }).filter({ visible: true });
  if ((await visible().count()) === 0) {
    const menu = j.page.getByRole('button', { name: 'Menu' });
    if (await menu.isVisible()) await j.click(menu);
  }
  await j.click(visible().first());
}
