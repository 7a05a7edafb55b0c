/**
 * Topics of an article from the sector's lexicon (topics.json, data): Polish
 * stem patterns, matched ignoring case and diacritics. A topic applies when a
 * pattern matches the title, or when the text matches two different patterns
 * or one pattern three times: one passing word in a long text is not what the
 * article is about.
 */
import lexicon from './topics.json' with { type: 'json' };
import { collapseWhitespace, foldForSearch, keywordNeedle, keywordPattern } from './text.js';

export interface Topic {
  id: string;
  name: string;
}

const TOPICS = lexicon.topics.map((topic) => ({
  id: topic.id,
  name: topic.name,
  patterns: topic.patterns.map((pattern) => ({ needle: keywordNeedle(pattern), regex: new RegExp(keywordPattern(pattern).source, 'gu') })),
}));

export const TOPIC_LIST: Topic[] = TOPICS.map(({ id, name }) => ({ id, name }));

export function topicsOf(title: string, text: string): string[] {
  const [foldedTitle, foldedText] = [title, text].map((value) => foldForSearch(collapseWhitespace(value))) as [string, string];
  // A pattern whose first literal word is absent cannot match: most are, and `includes` is far cheaper than the regex.
  const matches = (text: string, pattern: { needle: string; regex: RegExp }) => (text.includes(pattern.needle) ? (text.match(pattern.regex)?.length ?? 0) : 0);
  return TOPICS.filter(({ patterns }) => {
    if (patterns.some((pattern) => matches(foldedTitle, pattern) > 0)) return true;
    const counts = patterns.map((pattern) => matches(foldedText, pattern));
    return counts.filter((count) => count > 0).length >= 2 || counts.some((count) => count >= 3);
  }).map((topic) => topic.id);
}
