import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { me, signOut } from '../auth';
import { loadConfig } from '../config';
import { cognitoSignOutUrl } from '../cognito';
import { navFor } from '../routes';
import { flash, flashOn, Notice } from './Notice';
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

  async function onSignOut() {
    signOut();
    const config = await loadConfig();
    if (config.signIn === 'cognito' && config.cognito) {
      location.assign(cognitoSignOutUrl(config.cognito));
      return;
    }
    flashOn('/', 'You have signed out.');
    route('/');
  }

  return (
    <header class="header">
      <div class="header-masthead">
        <div class="width-container header-top">
        <a href="/" class="header-service">
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
            <a href={`/sign-in${path !== '/' && path !== '/sign-in' ? `?next=${encodeURIComponent(path)}` : ''}`} class="header-link">
              Sign in
            </a>
          ) : null}
          </div>
        </div>
      </div>
      <nav class="header-nav" aria-label="Menu">
        <ul class="width-container header-nav-list">
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
