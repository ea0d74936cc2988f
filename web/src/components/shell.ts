/**
 * Words the page frame shows, shared by the Layout component and the static frame web/build.ts writes into
 * index.html: a phone on a slow connection shows that frame (header, "Loading…", footer) as soon as the
 * HTML and CSS arrive, instead of a blank page until the code has loaded.
 */
import { paths } from '../../../functions/lib/paths';

export const serviceName = 'Common Ground';
export const aboutText =
  'Common Ground is free, open-source software. It is run by your local community health partnership: the council, GP practices, link workers and local voluntary, faith and community groups working together.';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The frame as static HTML, with the same classes Layout renders; the app replaces it when it starts. */
export function staticFrame(): string {
  return [
    // the menu line is reserved (the app fills it), so nothing below moves when the app starts
    `<header class="header"><div class="header-masthead"><div class="width-container header-top"><a href="${paths.home()}" class="header-service">${escapeHtml(serviceName)}</a></div></div><div class="header-nav header-nav-reserved"></div></header>`,
    `<div class="page-body"><div class="width-container"><main id="main" class="main"><p class="loading" role="status"><span class="loading-spinner" aria-hidden="true"></span>Loading…</p></main></div></div>`,
    `<footer class="footer"><div class="width-container"><p>${escapeHtml(aboutText)}</p></div></footer>`,
  ].join('\n');
}
