// Night tags: what a sleeper says about a night ("alcohol", "late meal", their own words), so nights
// with and without each can be compared (./tag-comparison.ts). The rules for a tag's text live here.

/** Offered to every sleeper, in this order. */
export const PRESET_TAGS = ["caffeine", "alcohol", "late meal", "exercise", "stress", "medication", "CPAP on"] as const;

/**
 * Each preset's name in the catalogues (NightTags `preset.<id>`): a preset is stored as spelled above
 * and shown in the reader's language; a sleeper's own tag is shown as they wrote it.
 */
const PRESET_IDS: Record<(typeof PRESET_TAGS)[number], string> = {
  caffeine: "caffeine",
  alcohol: "alcohol",
  "late meal": "lateMeal",
  exercise: "exercise",
  stress: "stress",
  medication: "medication",
  "CPAP on": "cpapOn",
};

/** The catalogue id of a tag stored as a preset (exactly its spelling), else null. */
export function presetTagId(tag: string): string | null {
  return Object.hasOwn(PRESET_IDS, tag) ? PRESET_IDS[tag as (typeof PRESET_TAGS)[number]] : null;
}

/** A tag is a word or a short phrase, not a note: longer text is refused, not cut. */
export const MAX_TAG_LENGTH = 32;
/** A night carries a handful of tags; more is a mistake (or an abuse), refused. */
export const MAX_TAGS_PER_NIGHT = 20;

/** Trimmed, inner runs of white space made one space, in Unicode's composed form. */
export function tidyTag(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** Two tags are the same tag when they differ only in case ("Late meal" is "late meal"). */
export function tagKey(tag: string): string {
  return tidyTag(tag).toLocaleLowerCase("en");
}

/**
 * What joins an emoji sequence and only that: a presentation selector after a pictograph (☕️), a zero
 * width joiner between pictographs (🏃‍♀️), a keycap's selector (1️⃣), a subdivision flag's tag
 * characters (🏴󠁧󠁢󠁳󠁣󠁴󠁿). Invisible, but no lookalike of another tag.
 */
const EMOJI_GLUE = /(?<=\p{Extended_Pictographic}\p{Emoji_Modifier}?)[\uFE0E\uFE0F]|(?<=\p{Extended_Pictographic}\p{Emoji_Modifier}?\uFE0F?)\u200D(?=\p{Extended_Pictographic})|(?<=[0-9#*])\uFE0F(?=\u20E3)|(?<=\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0020}-\u{E007F}]/gu;
/** Characters that show nothing (zero width space, soft hyphen, word joiner, ...) or turn text around (bidi controls). */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why a tag's text is refused, as facts a page words (NightTags `problem.<code>`, with `values`). */
export type TagProblemFact =
  | { code: "empty"; values: Record<string, never> }
  | { code: "tooLong"; values: { max: number } }
  | { code: "control"; values: Record<string, never> }
  | { code: "invisible"; values: { codePoint: string } };

/**
 * Why a tag's text is refused, or null when it may be a tag (after tidyTag). Invisible characters and
 * direction controls are refused rather than stripped: "caf\u200Bfeine" would otherwise sit beside
 * "caffeine" as a second tag that reads the same, and splitting nights between the two spoils the
 * comparison. The sleeper is told which character, and can type the tag again.
 */
export function tagProblemFact(tidy: string): TagProblemFact | null {
  if (tidy.length === 0) return { code: "empty", values: {} };
  if ([...tidy].length > MAX_TAG_LENGTH) return { code: "tooLong", values: { max: MAX_TAG_LENGTH } };
  // Control characters (line breaks, U+0000) have no place in a label and break CSV and PDF lines.
  if (/\p{Cc}/u.test(tidy)) return { code: "control", values: {} };
  const invisible = INVISIBLE.exec(tidy.replace(EMOJI_GLUE, ""));
  if (invisible) return { code: "invisible", values: { codePoint: codePoint(invisible[0]) } };
  return null;
}

/** The problem in English, as the API answers it; null when none. */
export function tagProblem(tidy: string): string | null {
  const p = tagProblemFact(tidy);
  if (p === null) return null;
  switch (p.code) {
    case "empty":
      return "a tag must not be empty";
    case "tooLong":
      return `a tag is at most ${p.values.max} characters`;
    case "control":
      return "a tag must not contain control characters";
    case "invisible":
      return `a tag must not contain invisible or text-direction characters (${p.values.codePoint})`;
  }
}

/**
 * The tags as they will be stored: each tidied and spelled as a preset or as the sleeper wrote it the
 * first time (`known`, their earlier tags), so "Alcohol" files under "alcohol" and "Walk" under an
 * earlier "walk"; duplicates (ignoring case) dropped, first kept.
 */
export function canonicalTags(tags: readonly string[], known: readonly string[] = []): string[] {
  const spelling = new Map<string, string>();
  for (const t of [...known, ...PRESET_TAGS]) spelling.set(tagKey(t), tidyTag(t));
  const out = new Map<string, string>();
  for (const raw of tags) {
    const key = tagKey(raw);
    if (!out.has(key)) out.set(key, spelling.get(key) ?? tidyTag(raw));
  }
  return [...out.values()];
}

/** What the picker offers: the presets, then the sleeper's own earlier tags (not repeating a preset, nor one now refused). */
export function tagChoices(own: readonly string[]): string[] {
  return canonicalTags([...PRESET_TAGS, ...own.filter((t) => tagProblem(tidyTag(t)) === null)]);
}
