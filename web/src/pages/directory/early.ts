import { paths } from '../../../../functions/lib/paths';
import { startEarly } from '../../api';
import { firstPageQuery } from './find-query';

/**
 * Run by the entry code: the directory's pages (what most people open first, often on a phone) start their
 * first read at once, in parallel with their own code, instead of after it.
 */
export function startDirectoryReads(pathname: string, search: string): void {
  if (pathname === paths.activities()) {
    startEarly('listActivities', { query: firstPageQuery(Object.fromEntries(new URLSearchParams(search))) });
    return;
  }
  const id = /^\/activities\/([0-9A-Z]{26})$/.exec(pathname)?.[1];
  if (id) startEarly('getActivity', { params: { id } });
}
