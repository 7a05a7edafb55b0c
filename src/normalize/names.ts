/** Institution names in their official form, by the institution types of institutions.json. */
import { typeAtStart } from './institutions.js';
import { collapseWhitespace } from './text.js';

/**
 * The official nominative name of an institution from any of its spellings:
 * "Miejskiego Ośrodka Pomocy Społecznej w Krakowie" and "MOPS w Krakowie"
 * both give "Miejski Ośrodek Pomocy Społecznej w Krakowie". The place part
 * ("w Krakowie") is kept as written: it is already in the locative in the
 * official name. Unknown names come back whitespace-collapsed.
 */
export function canonicalInstitutionName(raw: string): string {
  const name = collapseWhitespace(raw);
  const start = typeAtStart(name);
  if (!start || (start.length < name.length && name[start.length] !== ' ')) return name;
  return `${start.type.name}${name.slice(start.length)}`;
}
