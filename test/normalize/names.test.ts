import { describe, expect, it } from 'vitest';
import { canonicalInstitutionName } from '../../src/normalize/names.js';

describe('canonicalInstitutionName', () => {
  it.each([
    ['Miejskiego Ośrodka Pomocy Społecznej w Krakowie', 'Miejski Ośrodek Pomocy Społecznej w Krakowie'],
    ['MOPS w Krakowie', 'Miejski Ośrodek Pomocy Społecznej w Krakowie'],
    ['miejski ośrodek pomocy społecznej w Krakowie', 'Miejski Ośrodek Pomocy Społecznej w Krakowie'],
    ['Miejskim Ośrodku Pomocy Społecznej w Sopocie', 'Miejski Ośrodek Pomocy Społecznej w Sopocie'],
    ['Gminnego Ośrodka Pomocy Społecznej Gminy Michałowice', 'Gminny Ośrodek Pomocy Społecznej Gminy Michałowice'],
    ['GOPS Michałowice', 'Gminny Ośrodek Pomocy Społecznej Michałowice'],
    ['ROPS w Krakowie', 'Regionalny Ośrodek Polityki Społecznej w Krakowie'],
    ['Regionalnym Ośrodkiem Polityki Społecznej', 'Regionalny Ośrodek Polityki Społecznej'],
    ['Powiatowego Centrum Pomocy Rodzinie w Pruszkowie', 'Powiatowe Centrum Pomocy Rodzinie w Pruszkowie'],
    ['Miejsko-Gminnego Ośrodka Pomocy Społecznej w Wieliczce', 'Miejsko-Gminny Ośrodek Pomocy Społecznej w Wieliczce'],
    ['Centrum Wspierania  Aktywności Lokalnej CAL', 'Centrum Wspierania Aktywności Lokalnej CAL'],
  ])('%j → %j', (raw, expected) => {
    expect(canonicalInstitutionName(raw)).toBe(expected);
  });
});
