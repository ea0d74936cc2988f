/**
 * The first read of the page being opened, started as soon as the head is read: a small script of its own,
 * loaded beside the entry (web/build.ts), so on a slow phone the answer is on its way while the app's code is
 * still arriving. The entry starts the same reads if this has not (api.ts keeps one list of them).
 */
import { startDirectoryReads } from './pages/directory/early';

startDirectoryReads(location.pathname, location.search);
