/** Institution names in their official form. The institution table is data (institutions.json). */
import institutions from './institutions.json' with { type: 'json' };
import { collapseWhitespace, foldForSearch } from './text.js';

const INSTITUTION_TYPES: Array<{ abbreviation: string; name: string; forms: string[] }> = institutions.types;

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
export function institutionForms() {
  forms ??= INSTITUTION_TYPES.flatMap((type) => [...type.forms, type.abbreviation].map((form) => ({ type, form, foldedForm: foldForSearch(form) })));
  return forms;
}
