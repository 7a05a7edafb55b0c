/**
 * Word forms from a Hunspell dictionary: every suffix rule a word's flags
 * name, applied where its condition holds (Hunspell's "unmunch"). Only
 * suffixes: the Polish dictionary's one prefix is the negation "nie-".
 */
import { readFileSync } from 'node:fs';

interface SuffixRule {
  strip: string;
  add: string;
  condition: RegExp;
}

export interface HunspellDictionary {
  /** Every entry with this spelling (a word may be listed twice, e.g. a noun and a name). */
  entries(word: string): string[][];
  /** The word and every form its flags give; empty when the dictionary lacks the word. */
  forms(word: string): string[];
  has(word: string): boolean;
}

export function loadHunspell(affPath: string, dicPath: string): HunspellDictionary {
  const suffixes = new Map<string, SuffixRule[]>();
  const affLines = readFileSync(affPath, 'utf8').split('\n');
  for (const line of affLines) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] !== 'SFX' || fields.length < 5) continue;
    const [, flag, strip, add, condition] = fields as [string, string, string, string, string];
    const rules = suffixes.get(flag) ?? [];
    rules.push({ strip: strip === '0' ? '' : strip, add: add === '0' ? '' : add.split('/')[0]!, condition: new RegExp(`${condition === '.' ? '' : condition}$`, 'u') });
    suffixes.set(flag, rules);
  }
  const entries = new Map<string, string[][]>();
  const dicLines = readFileSync(dicPath, 'utf8').split('\n');
  for (const line of dicLines.slice(1)) {
    if (!line) continue;
    const slash = line.indexOf('/');
    const word = slash < 0 ? line : line.slice(0, slash);
    const flags = slash < 0 ? [] : [...line.slice(slash + 1).trim()];
    const list = entries.get(word) ?? [];
    list.push(flags);
    entries.set(word, list);
  }
  const forms = (word: string): string[] => {
    const found = entries.get(word);
    if (!found) return [];
    const result = new Set([word]);
    for (const flags of found) {
      for (const flag of flags) {
        for (const rule of suffixes.get(flag) ?? []) {
          if (word.endsWith(rule.strip) && rule.condition.test(word)) result.add(word.slice(0, word.length - rule.strip.length) + rule.add);
        }
      }
    }
    return [...result];
  };
  return { entries: (word) => entries.get(word) ?? [], forms, has: (word) => entries.has(word) };
}
