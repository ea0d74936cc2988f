import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../functions/lib/paths';
import { me } from '../auth';
import { navFor } from '../routes';
import { flash, Notice } from './Notice';
import { aboutText, serviceName } from './shell';

/** Every page: a skip link, the header, the page itself in <main>, and the footer. */
export function Layout({ children }: { children?: ComponentChildren }) {
  const { path } = useLocation();
  const message = flash.value;

  useEffect(() => {
    if (flash.value && flash.value.path !== path) flash.value = null;
  }, [path]);

  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a real link to #main, which works without JavaScript; with it, the click moves focus to the main content and scrolls there */}
      <a href="#main" class="skip-link" onClick={skipToMain}>
        Skip to main content
      </a>
      <Header />
      <div class="page-body">
        <div class="width-container">
          <main id="main" class="main" tabIndex={-1}>
            {message && message.path === path && <Notice tone="success">{message.message}</Notice>}
            {children}
          </main>
        </div>
      </div>
      <Footer />
    </>
  );
}

function skipToMain(event: Event): void {
  const main = document.getElementById('main');
  if (!main) return;
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
}

function Header() {
  const { path, route } = useLocation();
  const person = me.value;
  const links = navFor(person ? person.roles : person === null ? null : []);
  // on a narrow screen the menu folds behind one button, so it never takes more than a line of the screen
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);

  // the sign-out page sends anything the register has waiting, warns if it cannot, then clears the device
  const onSignOut = () => route(paths.signOut());

  return (
    <header class="header">
      <div class="header-masthead">
        <div class="width-container header-top">
          <a href={paths.home()} class="header-service">
            {serviceName}
          </a>
          <div class="header-account">
            {person ? (
              <>
                <span class="header-person">
                  <span class="visually-hidden">Signed in as </span>
                  <span data-testid="signed-in-name">{person.name}</span>
                </span>
                <button type="button" class="header-button" onClick={onSignOut}>
                  Sign out
                </button>
              </>
            ) : person === null ? (
              <a href={paths.signIn({}, { next: path !== paths.home() && path !== paths.signIn() ? path : undefined })} class="header-link">
                Sign in
              </a>
            ) : null}
          </div>
        </div>
      </div>
      <nav class="header-nav" aria-label="Menu">
        {links.length > 0 && (
          <div class="width-container header-menu-bar">
            <button type="button" class="header-menu-button" aria-expanded={menuOpen ? 'true' : 'false'} aria-controls="header-nav-list" onClick={() => setMenuOpen(!menuOpen)}>
              {menuOpen ? 'Close menu' : 'Menu'}
            </button>
          </div>
        )}
        <ul id="header-nav-list" class={`width-container header-nav-list${menuOpen ? ' header-nav-list-open' : ''}`}>
          {links.map((l) => {
            const current = path === l.path || (l.path !== '/' && path.startsWith(`${l.path}/`));
            return (
              <li key={l.path} class={current ? 'header-nav-item header-nav-item-current' : 'header-nav-item'}>
                <a href={l.path} aria-current={current ? 'page' : undefined}>
                  {l.label}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
    </header>
  );
}

function Footer() {
  return (
    <footer class="footer">
      <div class="width-container">
        <p>{aboutText}</p>
        <ul class="footer-links">
          <li>
            {/* target _top: a full page load, not a route inside the app */}
            <a href="/api/docs" class="footer-link" target="_top">
              For developers: the API
            </a>
          </li>
        </ul>
      </div>
    </footer>
  );
}
