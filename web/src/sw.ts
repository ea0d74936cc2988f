/**
 * The service worker: keeps the app shell on the device so the register opens with no signal.
 * - Pages (navigations): the network first, else the saved index.html (every route is the same app).
 * - The app's files (content-hashed, so never stale): from the cache, else the network, then saved.
 * - The API is never cached here: registers and queued marks live in IndexedDB (pages/attendance/offline.ts).
 * Built on its own to /sw.js (web/build.ts), a fixed URL so its scope is the whole site.
 */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface MessageEvent extends ExtendableEvent {
  data: unknown;
}
interface WorkerScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const cacheName = 'commonground-shell-v1';
const sameOrigin = (url: URL) => url.origin === worker.location.origin && !url.pathname.startsWith('/api/');

worker.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(cacheName)
      .then((c) => c.add('/'))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('commonground-shell-') && n !== cacheName).map((n) => caches.delete(n))))
      .then(() => worker.clients.claim()),
  );
});

/** The page sends the files it loaded before this worker took over, so they are saved too. */
worker.addEventListener('message', (e) => {
  const data = e.data as { type?: string; urls?: unknown } | null;
  if (data?.type !== 'cache' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u): u is string => typeof u === 'string' && sameOrigin(new URL(u, worker.location.origin)));
  e.waitUntil(caches.open(cacheName).then((c) => Promise.all(urls.map((u) => c.add(u).catch(() => undefined)))));
});

worker.addEventListener('fetch', (e) => {
  const request = e.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !sameOrigin(url)) return;
  if (request.mode === 'navigate') {
    e.respondWith(
      fetch(request)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            void caches.open(cacheName).then((c) => c.put('/', copy));
          }
          return res;
        })
        .catch(async () => (await caches.match('/')) ?? Response.error()),
    );
    return;
  }
  e.respondWith(
    caches.match(request).then(
      (hit) =>
        hit ??
        fetch(request).then((res) => {
          if (res.ok) {
            const copy = res.clone();
            void caches.open(cacheName).then((c) => c.put(request, copy));
          }
          return res;
        }),
    ),
  );
});

export {};
