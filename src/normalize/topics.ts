/**
 * Topics of an article from the sector's lexicon (topics.json, data): Polish
 * stem patterns, matched ignoring case and diacritics. A topic applies when a
 * pattern matches the title, or when the text matches two different patterns
 * or one pattern three times: one passing word in a long text is not what the
 * article is about.
 */
import lexicon from './topics.json' with { type: 'json' };
import { collapseWhitespace, FirstWords, foldForSearch, keywordPattern } from './text.js';

export interface Topic {
  id: string;
  name: string;
}

export const TOPIC_LIST: Topic[] = lexicon.topics.map(({ id, name }) => ({ id, name }));

/** The lexicon's patterns, compiled on first use (as the gazetteer's: commands that read no article never pay for them). */
let compiled: { patterns: RegExp[][]; firstWords: FirstWords } | undefined;

function topicPatterns(): NonNullable<typeof compiled> {
  compiled ??= {
    patterns: lexicon.topics.map((topic) => topic.patterns.map((pattern) => new RegExp(keywordPattern(pattern).source, 'gu'))),
    firstWords: new FirstWords(lexicon.topics.map((topic) => topic.patterns)),
  };
  return compiled;
}

export function topicsOf(title: string, text: string): string[] {
  const [foldedTitle, foldedText] = [title, text].map((value) => foldForSearch(collapseWhitespace(value))) as [string, string];
  const { patterns: lexiconPatterns, firstWords } = topicPatterns();
  // A pattern whose first word the text lacks cannot match: most are, and ruling them out is far cheaper than the regex.
  const [inTitle, inText] = [firstWords.present(foldedTitle), firstWords.present(foldedText)];
  return lexicon.topics
    .filter((_, topic) => {
      const patterns = lexiconPatterns[topic]!;
      if (patterns.some((pattern, i) => inTitle.has(topic, i) && foldedTitle.search(pattern) >= 0)) return true;
      if (!inText.any(topic)) return false;
      const counts = patterns.map((pattern, i) => (inText.has(topic, i) ? (foldedText.match(pattern)?.length ?? 0) : 0));
      return counts.filter((n) => n > 0).length >= 2 || counts.some((n) => n >= 3);
    })
    .map((topic) => topic.id);
}
