import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';

type Tone = 'info' | 'success' | 'warning';

/**
 * A box that draws attention to something: `info` for things to know, `success` after something
 * worked, `warning` for things that might stop someone. Success notices are announced by screen readers.
 */
export function Notice({ tone = 'info', title, children }: { tone?: Tone; title?: string; children?: ComponentChildren }) {
  return (
    <div class={`notice notice-${tone}`} role={tone === 'success' ? 'status' : undefined}>
      {title && <p class="notice-title">{title}</p>}
      <div class="notice-body">{children}</div>
    </div>
  );
}

/** Important words in the page, with a warning sign. */
export function Warning({ children }: { children?: ComponentChildren }) {
  return (
    <div class="warning-text">
      <span class="warning-icon" aria-hidden="true">
        !
      </span>
      <strong class="warning-words">
        <span class="visually-hidden">Warning: </span>
        {children}
      </strong>
    </div>
  );
}

/** A message to show once on the page someone is sent to next ("You have signed out."). */
export const flash = signal<{ message: string; path: string } | null>(null);

export function flashOn(path: string, message: string): void {
  flash.value = { message, path: path.split('?')[0] || '/' };
}
