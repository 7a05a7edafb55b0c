import { describe, expect, it } from 'vitest';
import { findPolishDates, parsePolishDate, parsePublicationLine } from '../../src/normalize/dates.js';

// Real date strings from seeds/, SITES.md and the fixture sites, with the expected Europe/Warsaw result.
// null means: not a publication date on its own (a range, no year, a span of years, an impossible date).
const TABLE: Array<[string, string | null, ('day' | 'minute' | 'second')?]> = [
  // seeds and SITES.md
  ['2017-12-07', '2017-12-07T00:00:00+01:00', 'day'],
  ['25.11.2021 11:40', '2021-11-25T11:40:00+01:00', 'minute'],
  ['środa, 26 listopada 2014', '2014-11-26T00:00:00+01:00', 'day'],
  ['Aktualny czas środa, 26 listopada 2014', null],
  ['24-25.11.2014 r.', null],
  ['21 listopada', null],
  ['w latach 2008-2013', null],
  ['24.11.2014 r.', '2014-11-24T00:00:00+01:00', 'day'],
  ['7 listopada 2014 roku', '2014-11-07T00:00:00+01:00', 'day'],
  ['25 listopad 2021', '2021-11-25T00:00:00+01:00', 'day'],
  ['21 XI 2021 r.', '2021-11-21T00:00:00+01:00', 'day'],
  // fixture sites: old GOPS site (nominative and Roman months), WordPress, municipality portal
  ['Dodano: 25 listopad 2021', '2021-11-25T00:00:00+01:00', 'day'],
  ['8 październik 2021', '2021-10-08T00:00:00+02:00', 'day'],
  ['14 IX 2021 r.', '2021-09-14T00:00:00+02:00', 'day'],
  ['2 czerwiec 2021', '2021-06-02T00:00:00+02:00', 'day'],
  ['10 XII 2020 r.', '2020-12-10T00:00:00+01:00', 'day'],
  ['21.XI.2021', '2021-11-21T00:00:00+01:00', 'day'],
  ['2014-11-21T10:15:00+01:00', '2014-11-21T10:15:00+01:00', 'second'],
  ['2016-06-20T09:45:00+02:00', '2016-06-20T09:45:00+02:00', 'second'],
  ['12.07.2022 09:15', '2022-07-12T09:15:00+02:00', 'minute'],
  ['3 grudnia 2015', '2015-12-03T00:00:00+01:00', 'day'],
  ['15 grudnia 2014, godz. 13:05', '2014-12-15T13:05:00+01:00', 'minute'],
  ['12 października 2016 r. o godz. 10:00', '2016-10-12T10:00:00+02:00', 'minute'],
  // fixture families: Drupal 7's Polish "l, j F, Y - H:i" (nominative, capitalised), Joomla 3's "l, d F Y H:i", BIP timestamps
  ['czwartek, 8 Luty, 2024 - 12:30', '2024-02-08T12:30:00+01:00', 'minute'],
  ['Opublikowano: wtorek, 16 styczeń 2024 10:00', '2024-01-16T10:00:00+01:00', 'minute'],
  ['2024-02-19 14:05:33', '2024-02-19T14:05:33+01:00', 'second'],
  ['Data: 26 II 2024 r.', '2024-02-26T00:00:00+01:00', 'day'],
  ['31 V 2023 r.', '2023-05-31T00:00:00+02:00', 'day'],
  ['Dodano: 12 stycznia 2024, 10:15', '2024-01-12T10:15:00+01:00', 'minute'],
  ['2024 - 12:30', null],
  // daylight saving time: 28 March 2021 02:00 → 03:00, 31 October 2021 03:00 → 02:00
  ['27.03.2021 12:00', '2021-03-27T12:00:00+01:00', 'minute'],
  ['28.03.2021 01:59', '2021-03-28T01:59:00+01:00', 'minute'],
  ['28.03.2021 02:30', null],
  ['28.03.2021 03:00', '2021-03-28T03:00:00+02:00', 'minute'],
  ['28.03.2021 08:30', '2021-03-28T08:30:00+02:00', 'minute'],
  ['30.10.2021 23:59', '2021-10-30T23:59:00+02:00', 'minute'],
  ['31.10.2021 01:30', '2021-10-31T01:30:00+02:00', 'minute'],
  ['31.10.2021 10:00', '2021-10-31T10:00:00+01:00', 'minute'],
  // ISO timestamps in other offsets are shown in Warsaw time
  ['2021-11-25T10:40:00Z', '2021-11-25T11:40:00+01:00', 'second'],
  ['2021-07-01T06:00:00+00:00', '2021-07-01T08:00:00+02:00', 'second'],
  // labels (BIP metadata), weekdays, abbreviations, separators
  ['Data publikacji: 2021-11-25 11:40:12', '2021-11-25T11:40:12+01:00', 'second'],
  ['Data wytworzenia: 2021-11-20', '2021-11-20T00:00:00+01:00', 'day'],
  ['Opublikowano: 21 listopada 2014', '2014-11-21T00:00:00+01:00', 'day'],
  ['poniedziałek, 3 stycznia 2022', '2022-01-03T00:00:00+01:00', 'day'],
  ['pt., 1 kwietnia 2022', '2022-04-01T00:00:00+02:00', 'day'],
  ['1 kwi. 2022', '2022-04-01T00:00:00+02:00', 'day'],
  ['25 wrzesnia 2019', '2019-09-25T00:00:00+02:00', 'day'],
  ['5.7.2022', '2022-07-05T00:00:00+02:00', 'day'],
  ['05/07/2022', '2022-07-05T00:00:00+02:00', 'day'],
  ['2021.11.25', '2021-11-25T00:00:00+01:00', 'day'],
  ['25.11.2021, 11:40', '2021-11-25T11:40:00+01:00', 'minute'],
  ['26 listopada 2014 r.', '2014-11-26T00:00:00+01:00', 'day'],
  ['26\u00a0listopada\u00a02014', '2014-11-26T00:00:00+01:00', 'day'],
  // impossible or incomplete
  ['29 lutego 2021', null],
  ['31.04.2021', null],
  ['listopad 2021', null],
  ['139', null],
  ['', null],
];

describe('parsePolishDate', () => {
  it.each(TABLE)('%j → %s', (input, iso, precision) => {
    const parsed = parsePolishDate(input);
    if (iso === null) expect(parsed).toBeNull();
    else expect(parsed).toEqual({ iso, precision });
  });

  it('has a table of at least 40 real-world strings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });
});

describe('findPolishDates', () => {
  it('finds single dates in running text but never a part of a range', () => {
    const text =
      'W dniach 24-25.11.2014 r. odbywa się w Krakowie konferencja. W dniu 24.11.2014 r. doświadczenia zaprezentują goście. ' +
      'W dniu 25.11.2014 r. odbędą się wizyty studyjne. Projekt realizowany w latach 2008-2013.';
    expect(findPolishDates(text).map((date) => date.iso)).toEqual(['2014-11-24T00:00:00+01:00', '2014-11-25T00:00:00+01:00']);
  });

  it('finds month-name dates and keeps their position', () => {
    const [found] = findPolishDates('W dniu 7 listopada 2014 roku podczas konferencji');
    expect(found).toMatchObject({ iso: '2014-11-07T00:00:00+01:00', match: '7 listopada 2014 roku', index: 7 });
  });
});

describe('parsePublicationLine', () => {
  it.each([
    ['Dodano: 12.03.2024 przez Jan Kowalski', '2024-03-12T00:00:00+01:00'],
    ['Opublikowano dnia 12.03.2024 r.', '2024-03-12T00:00:00+01:00'],
    ['12.03.2024 | Aktualności', '2024-03-12T00:00:00+01:00'],
    ['Data publikacji: 5 marca 2024, godz. 10:15 | Wyświetleń: 12', '2024-03-05T10:15:00+01:00'],
    ['Spotkanie odbędzie się 15 marca 2024 r. w sali konferencyjnej urzędu', null],
    ['Dodano: 12.03.2024, zmieniono: 14.03.2024', null],
    ['Kategoria: Aktualności', null],
    ['15 marca 2024 r. odbędzie się spotkanie', null],
  ])('%s', (line, iso) => {
    expect(parsePublicationLine(line)?.iso ?? null).toBe(iso);
  });
});
