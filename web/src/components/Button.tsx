import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

type Variant = 'primary' | 'secondary' | 'warning';

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'class'> & {
  variant?: Variant;
  /** true while the action is in progress: stops a second press */
  busy?: boolean;
  children?: ComponentChildren;
};

/** A button. Primary for the main thing to do on a page, secondary for others, warning for things that delete or cancel. */
export function Button({ variant = 'primary', busy, type = 'button', children, onClick, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      class={`button button-${variant}`}
      aria-disabled={busy ? 'true' : undefined}
      onClick={(e) => {
        if (busy) return e.preventDefault();
        onClick?.(e);
      }}
    >
      {children}
    </button>
  );
}

/** A link that looks like a button, for a "start" or "continue" that goes to another page. */
export function ButtonLink({ href, variant = 'primary', children }: { href: string; variant?: Variant; children?: ComponentChildren }) {
  return (
    <a href={href} class={`button button-${variant}`} draggable={false}>
      {children}
    </a>
  );
}
