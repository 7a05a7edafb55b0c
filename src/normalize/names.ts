/** Author signatures and institution names. The institution table is data (institutions.json). */
import institutions from './institutions.json' with { type: 'json' };
import { collapseWhitespace, foldForSearch, plainText } from './text.js';

const INSTITUTION_TYPES: Array<{ abbreviation: string; name: string; forms: string[] }> = institutions.types;

const AUTHOR_LABEL =
  /^(?:opublikowan[ya]|opublikował[a]?|napisane|napisał[a]?|autor(?:ka)?|dodał[a]?|wprowadził[a]?|przygotował[a]?|opracował[a]?|oprac(?:owanie|\.)|tekst|published by|written by|author|by)\s*(?:przez)?\s*[:\-–]?\s*/iu;
// Accounts a CMS shows when nobody signed the text: not an author.
const CMS_ACCOUNTS = new Set(['admin', 'administrator', 'webmaster', 'root', 'redaktor', 'user', 'anonymous']);

/** "Opublikowany przez: Stanowisko ds. promocji" → "Stanowisko ds. promocji"; "(JD)" → "JD"; CMS account names → null. */
export function normalizeAuthor(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let author = plainText(raw).replace(AUTHOR_LABEL, '');
  author = author.replace(/^\((.*)\)\.?$/u, '$1').replace(/[\s.,;:]+$/u, '').trim();
  if (!author || author.length > 80 || !/\p{L}/u.test(author)) return null;
  if (CMS_ACCOUNTS.has(author.toLowerCase())) return null;
  return author;
}

// "(JD)" or "(JD)." closing a text after a finished sentence: editors' initials, 1–4 capitals, optionally two
// sets "(AB/CD)". A closing abbreviation inside a sentence ("Placówka Wsparcia Dziennego (PWD)") is not one.
const TRAILING_INITIALS = /(?<=[.!?…"”]|^)\s*\(\s*(\p{Lu}{1,4}(?:\s*[/,]\s*\p{Lu}{1,4})?)\s*\)\s*\.?\s*$/u;

/** Split an initials signature off the end of a body text. */
export function splitTrailingSignature(text: string): { text: string; signature: string | null } {
  const match = TRAILING_INITIALS.exec(text);
  if (!match) return { text, signature: null };
  return { text: text.slice(0, match.index).trimEnd(), signature: match[1]!.replace(/\s+/g, '') };
}

/**
 * The official nominative name of an institution from any of its spellings:
 * "Miejskiego Ośrodka Pomocy Społecznej w Krakowie" and "MOPS w Krakowie"
 * both give "Miejski Ośrodek Pomocy Społecznej w Krakowie". The place part
 * ("w Krakowie") is kept as written: it is already in the locative in the
 * official name. Unknown names come back whitespace-collapsed.
 */
export function canonicalInstitutionName(raw: string): string {
  const name = collapseWhitespace(raw);
  const folded = foldForSearch(name);
  for (const { type, form, foldedForm } of institutionForms()) {
    if (folded === foldedForm || folded.startsWith(`${foldedForm} `)) return `${type.name}${name.slice(form.length)}`;
  }
  return name;
}

let forms: Array<{ type: (typeof INSTITUTION_TYPES)[number]; form: string; foldedForm: string }> | undefined;

/** Every spelling of every institution type, folded once: folding them at each call cost more than a source's whole no-change run. */
function institutionForms() {
  forms ??= INSTITUTION_TYPES.flatMap((type) => [...type.forms, type.abbreviation].map((form) => ({ type, form, foldedForm: foldForSearch(form) })));
  return forms;
}
