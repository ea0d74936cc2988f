/**
 * Characters that make text read other than it is: bidirectional overrides, embeddings and isolates (which
 * can turn "gnp.exe" round) and invisible zero-width spaces, word joiners and byte-order marks. Nobody types
 * them on purpose, so they are stripped from everything a person types (lib/fields.ts `text`). Imports
 * nothing, so the sign-up trigger can use it without bundling zod.
 */
export const invisibleControls = /[\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** In a name or title (what people recognise someone or something by) the zero-width joiners and direction marks go too. */
const disguising = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export const withoutDisguise = (s: string): string => s.replace(disguising, '');
