/**
 * Each configured source's place in the TERYT register, for `opsfeed check`:
 * a `teryt` the register lacks is a problem; a source without one is told
 * the code its type and city (or its institution's name) give.
 */
import type { Source } from './config/schema.js';
import { institutionNamedBy, institutionOf } from './normalize/institutions.js';
import { gazetteer } from './normalize/places.js';

const GMINA_KINDS: Record<string, string> = { '1': 'gmina miejska', '2': 'gmina wiejska', '3': 'gmina miejsko-wiejska' };

/** "Kraków, gmina miejska, małopolskie" for 1261011; "powiat mielecki, podkarpackie" for 1811. */
export function describeTeryt(code: string): string | null {
  const { placeByTeryt } = gazetteer();
  const unit = placeByTeryt(code);
  const voivodeship = placeByTeryt(code.slice(0, 2))?.name;
  if (!unit) return null;
  if (unit.kind === 'voivodeship') return `województwo ${unit.name}`;
  if (unit.kind === 'powiat') return `${/^\p{Ll}/u.test(unit.name) ? `powiat ${unit.name}` : `${unit.name}, city with powiat rights`}, ${voivodeship}`;
  return `${unit.name}, ${GMINA_KINDS[code.slice(-1)] ?? 'gmina'}, ${voivodeship}`;
}

export function placesOfSources(sources: readonly Source[], file: string): { problems: string[]; suggestions: string[] } {
  const problems: string[] = [];
  const suggestions: string[] = [];
  const { registerDate } = gazetteer();
  sources.forEach((source, index) => {
    const where = `config: ${file}: sources[${index}] (${source.id})`;
    if (source.teryt) {
      if (!describeTeryt(source.teryt)) problems.push(`${where}.teryt: "${source.teryt}" is no unit of the TERYT register (as of ${registerDate})`);
      return;
    }
    const institution = institutionOf(source.type, source, source.institution) ?? institutionNamedBy([source.institution, source.name], source.voivodeship);
    if (institution?.teryt) suggestions.push(`suggest: ${source.id}: "teryt": "${institution.teryt}" (${describeTeryt(institution.teryt)})`);
    else if (institution?.place) suggestions.push(`suggest: ${source.id}: several places are named ${institution.place}: give its "voivodeship" or its "teryt"`);
  });
  return { problems, suggestions };
}
