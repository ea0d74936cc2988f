import { useEffect, useState } from 'preact/hooks';

/** Whether the device has a connection, kept up to date. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => {
      removeEventListener('online', on);
      removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/**
 * Registers the service worker (web/src/sw.ts, served at /sw.js) and hands it the files this page was
 * built from, so the app opens again with no connection.
 */
export function useServiceWorker(): void {
  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const urls = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => u.startsWith(location.origin) && !new URL(u).pathname.startsWith('/api/'));
        reg.active?.postMessage({ type: 'cache', urls: ['/', ...new Set(urls)] });
      })
      .catch(() => undefined);
  }, []);
}
