/** Paper sizes the printable documents are laid out for. */
export type Paper = 'A4' | 'Letter';

/**
 * Regions whose offices print on US Letter (CLDR's `paperSize` supplemental data); everyone else
 * uses A4.
 */
const LETTER_REGIONS = new Set(['US', 'CA', 'MX', 'PH', 'CL', 'CO', 'VE', 'CR', 'GT', 'PA', 'DO', 'SV', 'NI', 'PR', 'BZ']);

/**
 * The paper a locale prints on, e.g. `en-US` → Letter, `en-GB` or `de` → A4. A locale without a
 * region (or one that cannot be parsed) gets A4, the size most of the world uses.
 */
export function paperForLocale(locale: string | undefined): Paper {
  const region = /^[a-z]{2,3}(?:[-_][A-Za-z]{4})?[-_]([A-Za-z]{2}|\d{3})\b/i.exec(locale ?? '')?.[1]?.toUpperCase();
  return region !== undefined && LETTER_REGIONS.has(region) ? 'Letter' : 'A4';
}
