import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let pagesShown = 0;

/**
 * The heading and browser-tab title of a page. After the first page, moving to a new page puts focus on
 * its heading, so screen reader and keyboard users start at the top of the new content.
 * Set `hasErrors` while a form on the page shows errors: the tab title then starts with "Error:".
 */
export function Page(props: { title: string; caption?: string; hasErrors?: boolean; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (pagesShown++ > 0) heading.current?.focus({ preventScroll: false });
  }, []);

  useEffect(() => {
    document.title = `${props.hasErrors ? 'Error: ' : ''}${props.title} – Common Ground`;
  }, [props.title, props.hasErrors]);

  return (
    <>
      {props.caption && <span class="caption">{props.caption}</span>}
      <h1 class="heading-xl" tabIndex={-1} ref={heading}>
        {props.title}
      </h1>
      {props.children}
    </>
  );
}
