// The knowledge format: one entry per concept. Shared by the build-time compiler, personal
// glossary import and the background, so an entry means the same thing everywhere.
import * as v from 'valibot';

const NonEmpty = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'));

export const EntryIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens, e.g. "gelatin-sponge"'),
);

export const SourceRefSchema = v.strictObject({
  /** Key into knowledge/sources.json. */
  doc: EntryIdSchema,
  /** 1-based sentence numbers in that document, as split by lib/sentences.ts. */
  sentences: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1))), v.minLength(1)),
});

export const FactSchema = v.strictObject({
  label: NonEmpty,
  value: v.union([NonEmpty, v.pipe(v.array(NonEmpty), v.minLength(1))]),
  sources: v.pipe(v.array(SourceRefSchema), v.minLength(1, 'every fact needs a source')),
});

/** An alias that also means other things: marked only where the page supports this sense. */
export const AmbiguitySchema = v.strictObject({
  alias: NonEmpty,
  /** Long forms that confirm this sense when the page defines the abbreviation itself. */
  expansions: v.optional(v.array(NonEmpty), []),
  /** Words whose presence nearby (or on the page) confirms this sense; matched as word prefixes. */
  context: v.pipe(v.array(NonEmpty), v.minLength(1)),
  /** Words whose presence nearby points to another sense ("ADAM17" for TACE the enzyme); matched
   * as word prefixes. When cues of both kinds are near, the nearest one decides. */
  against: v.optional(v.array(NonEmpty), []),
});

export const CATEGORIES = ['procedure', 'agent', 'concept', 'disease', 'anatomy', 'therapy'] as const;

export const EntrySchema = v.strictObject({
  id: EntryIdSchema,
  term: NonEmpty,
  aliases: v.array(NonEmpty),
  category: v.picklist(CATEGORIES),
  summary: NonEmpty,
  facts: v.optional(v.array(FactSchema), []),
  related: v.optional(v.array(EntryIdSchema), []),
  ambiguous: v.optional(v.array(AmbiguitySchema), []),
  /** Look-alike phrases containing an alias that mean something else ("radio-embolization"):
   * the matcher consumes them so the alias inside is never marked. */
  notAliases: v.optional(v.array(NonEmpty), []),
  sources: v.array(SourceRefSchema),
});

export const SourceDocSchema = v.strictObject({
  title: NonEmpty,
  origin: NonEmpty,
  sentenceCount: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export const SourcesSchema = v.record(EntryIdSchema, SourceDocSchema);

export type SourceRef = v.InferOutput<typeof SourceRefSchema>;
export type Fact = v.InferOutput<typeof FactSchema>;
export type Ambiguity = v.InferOutput<typeof AmbiguitySchema>;
export type Category = (typeof CATEGORIES)[number];
export type Entry = v.InferOutput<typeof EntrySchema>;
export type SourceDoc = v.InferOutput<typeof SourceDocSchema>;
export type Sources = v.InferOutput<typeof SourcesSchema>;

/** "facts[0].sources: every fact needs a source" for each issue, so a user can find the field. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = fieldPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/** Array indexes in brackets, as a reader of the JSON file counts them ("facts[0].sources"). */
function fieldPath(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key: unknown = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else if (typeof key === 'string') path += path ? `.${key}` : key;
    else return v.getDotPath(issue) ?? '';
  }
  return path;
}
