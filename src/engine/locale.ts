/** The course's locales. `en` is the root locale, `zh-cn` the second. */
export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];

/** A string given per locale, or one string for every locale. */
export type Localized = string | Partial<Record<Locale, string>> & { en: string };

/** Picks the text for `locale`, falling back to English. */
export function pick(text: Localized, locale: Locale = 'en'): string {
  if (typeof text === 'string') return text;
  return text[locale] ?? text.en;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
