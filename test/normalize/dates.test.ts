import { describe, expect, it } from 'vitest';
import { readDates, readPublicationDate, type DateMention } from '../../src/normalize/dates.js';

// Real date strings from seeds/, SITES.md and the fixture sites, with the expected Europe/Warsaw result.
// null means: not a publication date (a clock, a range, no year, a span of years, an impossible date).
const TABLE: Array<[string, string | null, ('day' | 'hour' | 'minute' | 'second')?]> = [
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

describe('readPublicationDate', () => {
  it.each(TABLE)('%j → %s', (input, iso, precision) => {
    const parsed = readPublicationDate(input);
    if (iso === null) expect(parsed).toBeNull();
    else expect({ iso: parsed?.iso, precision: parsed?.precision }).toEqual({ iso, precision });
  });

  it('has a table of at least 40 real-world strings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  // Lines of page metadata in the forms Polish sites print, with the label or form that gives the date.
  it.each([
    ['Dodano: 12.03.2024 przez Jan Kowalski', '2024-03-12T00:00:00+01:00', 'Dodano'],
    ['Opublikowano dnia 12.03.2024 r.', '2024-03-12T00:00:00+01:00', 'Opublikowano dnia'],
    ['12.03.2024 | Aktualności', '2024-03-12T00:00:00+01:00', 'day-month-year'],
    ['Aktualności | 12.03.2024', '2024-03-12T00:00:00+01:00', 'day-month-year'],
    ['Data publikacji: 5 marca 2024, godz. 10:15 | Wyświetleń: 12', '2024-03-05T10:15:00+01:00', 'Data publikacji'],
    ['Data wprowadzenia informacji do BIP: 2024-03-05 10:15:12', '2024-03-05T10:15:12+01:00', 'Data wprowadzenia informacji do BIP'],
    ['Informacja ogłoszona dnia 2024-03-05 10:15 przez Jan Kowalski', '2024-03-05T10:15:00+01:00', 'Informacja ogłoszona dnia'],
    ['Data udostępnienia: 05-03-2024', '2024-03-05T00:00:00+01:00', 'Data udostępnienia'],
    ['Opublikowano przez: Jan Kowalski w dniu 05.03.2024', '2024-03-05T00:00:00+01:00', 'Opublikowano'],
    ['Wprowadził: Jan Kowalski, dnia 05.03.2024', '2024-03-05T00:00:00+01:00', 'day-month-year'],
    ['Posted on March 5, 2024 by admin', '2024-03-05T00:00:00+01:00', 'Posted on'],
    ['Marzec 05, 2024, 08:35:03 pm', '2024-03-05T20:35:03+01:00', 'month day, year'],
    ['Wt, 5 Mar 2024 10:15', '2024-03-05T10:15:00+01:00', 'day month year'],
    ['niedziela, 10, marzec 2024 20:43', '2024-03-10T20:43:00+01:00', 'day month year'],
    ['5 March 2024', '2024-03-05T00:00:00+01:00', 'day month year'],
    ['2024/03/05', '2024-03-05T00:00:00+01:00', 'year-month-day'],
    ['05 03 2024, 15:49', '2024-03-05T15:49:00+01:00', 'day-month-year'],
    ['05/03/24', '2024-03-05T00:00:00+01:00', 'day-month-year, two-digit year'],
    ['dn. 05.03.2024r.', '2024-03-05T00:00:00+01:00', 'day-month-year'],
    ['Post on 05-Mar-2024', '2024-03-05T00:00:00+01:00', 'day month year'],
    ['Data ostatniej aktualizacji: 04\u201104\u20112024', null, null],
    ['Informacja wytworzona przez: Anna Nowak, w dniu: 04\u201104\u20112024 12:42:00', '2024-04-04T12:42:00+02:00', 'Informacja wytworzona'],
    ['Data stworzony: 2024\u201005\u201020', '2024-05-20T00:00:00+02:00', 'Data stworzony'],
    ['Czas podziękowań za zebrane plony2024-09-14 12:10:00', '2024-09-14T12:10:00+02:00', 'year-month-day'],
    ['Gazeta Lubaska 08/04/2024 10:43', '2024-04-08T10:43:00+02:00', 'day-month-year'],
    ['09.05.2024., 09:00h', '2024-05-09T09:00:00+02:00', 'day-month-year'],
    ['Dodany: 07:42:02 23.12.2016 1782', '2016-12-23T00:00:00+01:00', 'Dodany'],
    ['Data19.06.2016', '2016-06-19T00:00:00+02:00', 'Data'],
    ['18:56, 17.01.2024 | PB, fot. Jan Nowak', '2024-01-17T00:00:00+01:00', 'day-month-year'],
    ['(2024-03-05)', '2024-03-05T00:00:00+01:00', 'year-month-day'],
    ['5.III.2024', '2024-03-05T00:00:00+01:00', 'day Roman-month year'],
    ['Zebranie wiejskie - 5 marca 2024 r.', '2024-03-05T00:00:00+01:00', 'day month year'],
    ['5 marca 2024 - 15:12', '2024-03-05T15:12:00+01:00', 'day month year'],
    ['Dodano: 12.03.2024, zmieniono: 14.03.2024', '2024-03-12T00:00:00+01:00', 'Dodano'],
    ['Data wytworzenia: 2024-03-01 Data publikacji: 2024-03-05', '2024-03-05T00:00:00+01:00', 'Data publikacji'],
    ['Data wytworzenia informacji publicznej: 2024-03-01', '2024-03-01T00:00:00+01:00', 'Data wytworzenia informacji publicznej'],
    // Not publication dates: clocks, print dates, modifications, events, ranges, sentences.
    ['Dziś jest wtorek, 5 marca 2024 r., imieniny Fryderyka', null, null],
    ['Teraz jest 5 mar 2024, 01:06', null, null],
    ['Aktualna data: 05.03.2024', null, null],
    ['Dzisiaj: 05.03.2024', null, null],
    ['05.03.2024 | Imieniny: Fryderyka, Wacława', null, null],
    ['Data wydruku: 05.03.2024 10:15', null, null],
    ['[dostęp: 05.03.2024]', null, null],
    ['Ostatnia modyfikacja strony: 05.03.2024', null, null],
    ['Zaktualizowano 05.03.2024 10:15', null, null],
    ['Ostatnia modyfikacja: Anna Nowak (14.02.2024 09:15)', null, null],
    ['21 marca 2024 10:50 Jan Nowak - Dodanie danych kontaktowych.', null, null],
    ['Data aktualizacji serwisu: 05.03.2024', null, null],
    ['05.03.2024 10:15 Anna Nowak - Aktualizacja treści', null, null],
    ['Termin składania ofert: 30.04.2024 r. do godz. 12:00', null, null],
    ['Spotkanie odbędzie się 15 marca 2024 r. w sali konferencyjnej urzędu', null, null],
    ['15 marca 2024 r. odbędzie się spotkanie', null, null],
    ['W dniu 4.03.2024 w bibliotece odbyły się warsztaty', null, null],
    ['Spotkanie odbędzie się dnia 25.04.2024 (czwartek) o godz. 17.00', null, null],
    ['ustawy z dnia 12 marca 2004 r. o pomocy społecznej', null, null],
    ['w dniach 20-21.02.2024', null, null],
    ['Kategoria: Aktualności', null, null],
    ['Wyświetleń: 2024', null, null],
    ['Opublikowano:', null, null],
    ['5 marca 1989', null, null],
  ])('%s', (line, iso, from) => {
    const parsed = readPublicationDate(line);
    expect(parsed?.iso ?? null).toBe(iso);
    if (parsed) expect(parsed.label ?? parsed.form).toBe(from);
  });

  it('reads a relative date against the fetch time, and never takes a date after it', () => {
    const now = '2024-03-05T12:30:00+01:00';
    expect(readPublicationDate('wczoraj, 14:49', { now })).toMatchObject({ iso: '2024-03-04T14:49:00+01:00', precision: 'minute' });
    expect(readPublicationDate('Dodano: 2 dni temu', { now })).toMatchObject({ iso: '2024-03-03T00:00:00+01:00', precision: 'day' });
    expect(readPublicationDate('46 minut temu, Anna Nowak', { now })).toMatchObject({ iso: '2024-03-05T11:44:00+01:00', precision: 'minute' });
    expect(readPublicationDate('3 godziny temu', { now })).toMatchObject({ iso: '2024-03-05T09:30:00+01:00', precision: 'hour' });
    expect(readPublicationDate('dziś, 04:32', { now })).toMatchObject({ iso: '2024-03-05T04:32:00+01:00' });
    expect(readPublicationDate('kilka dni temu', { now })).toBeNull();
    expect(readPublicationDate('wczoraj, 14:49')).toBeNull();
    // A stamp without a year is this year's, or last year's when this year's is still to come.
    expect(readPublicationDate('23 KWI', { now })?.iso).toBe('2023-04-23T00:00:00+02:00');
    expect(readPublicationDate('2 MAR', { now })?.iso).toBe('2024-03-02T00:00:00+01:00');
    expect(readPublicationDate('12.03.2024', { now })).toBeNull();
  });

  it('takes a weekday and date of the fetch day, with no time and no label, for the header clock', () => {
    const now = '2024-03-05T12:30:00+01:00';
    expect(readPublicationDate('| Wtorek, 5 marca 2024', { now })).toBeNull();
    expect(readPublicationDate('Wtorek, 5 marca 2024', { now: '2024-03-07T09:00:00+01:00' })?.iso).toBe('2024-03-05T00:00:00+01:00');
    expect(readPublicationDate('Opublikowano: wtorek, 5 marca 2024', { now })?.iso).toBe('2024-03-05T00:00:00+01:00');
  });
});

describe('readDates', () => {
  const show = (mention: DateMention) => [mention.kind, mention.date?.iso ?? mention.range ?? mention.relative];

  it('finds single dates and ranges in running text, each classified', () => {
    const text =
      'W dniach 24-25.11.2014 r. odbywa się w Krakowie konferencja. W dniu 24.11.2014 r. doświadczenia zaprezentują goście. ' +
      'W dniu 25.11.2014 r. odbędą się wizyty studyjne. Projekt realizowany w latach 2008-2013.';
    expect(readDates(text).map(show)).toEqual([
      ['event', { from: '2014-11-24', to: '2014-11-25' }],
      ['event', '2014-11-24T00:00:00+01:00'],
      ['event', '2014-11-25T00:00:00+01:00'],
      ['event', { from: '2008-01-01', to: '2013-12-31' }],
    ]);
  });

  it.each([
    ['od 13 maja do 10 czerwca 2024 r.', { from: '2024-05-13', to: '2024-06-10' }],
    ['w dniach 29.03.2024 - 31.08.2024', { from: '2024-03-29', to: '2024-08-31' }],
    ['od 1 do 31 sierpnia 2024 roku', { from: '2024-08-01', to: '2024-08-31' }],
    ['29 kwietnia – 3 maja 2024', { from: '2024-04-29', to: '2024-05-03' }],
    ['w dniach 8 IV-10 IV 2024 r.', { from: '2024-04-08', to: '2024-04-10' }],
    ['Rekolekcje 24-26. X 2024', { from: '2024-10-24', to: '2024-10-26' }],
    ['(od 11.04-24.04.2024)', { from: '2024-04-11', to: '2024-04-24' }],
    ['1, 2 i 3 maja 2024', { from: '2024-05-01', to: '2024-05-03' }],
    ['w dniach 20-21 oraz 28-29 października 2024 r.', { from: '2024-10-20', to: '2024-10-29' }],
    ['od 01.01.2024 r. (godz. 8:00) do 31.07.2024 r.', { from: '2024-01-01', to: '2024-07-31' }],
    ['w 2024 roku w dniach 16-17 sierpnia', { from: '2024-08-16', to: '2024-08-17' }],
    ['w dniach od 21-24 grudnia', { from: '--12-21', to: '--12-24' }],
    ['Program na lata 2021–2027', { from: '2021-01-01', to: '2027-12-31' }],
    ['rok szkolny 2024/2025', { from: '2024', to: '2025' }],
    ['KALENDARIUM 2024 r.', { from: '2024-01-01', to: '2024-12-31' }],
    ['Budżet gminy na 2024 rok', { from: '2024-01-01', to: '2024-12-31' }],
    ['w okresie 03/2024 – 12/2024', { from: '2024-03-01', to: '2024-12-31' }],
    ['Harmonogram wywozu na okres VII-XII 2024 r.', { from: '2024-07-01', to: '2024-12-31' }],
    ['od XI/2023 do II/2024', { from: '2023-11-01', to: '2024-02-29' }],
    ['w okresie sierpień 2023 – czerwiec 2024', { from: '2023-08-01', to: '2024-06-30' }],
    ['od stycznia do marca 2024', { from: '2024-01-01', to: '2024-03-31' }],
    ['od 27 września 1939 roku do stycznia 1945', { from: '1939-09-27', to: '1945-01-31' }],
    ['W nocy z 26 na 27 września 2024 roku', { from: '2024-09-26', to: '2024-09-27' }],
    ['Ważność: od godz. 07:30 dnia 15.10.2024 do godz. 07:30 dnia 16.10.2024', { from: '2024-10-15', to: '2024-10-16' }],
    ['Od: 2024-11-29 08:00 Do: 2024-11-30 06:00', { from: '2024-11-29', to: '2024-11-30' }],
    ['w dniach od 11.04 do 19.04 w Urzędu Gminy', { from: '--04-11', to: '--04-19' }],
    ['w okresie od 16 marca br. do 30 kwietnia br.', { from: '--03-16', to: '--04-30' }],
    ['a od 1917 r. do 1977 r. kopalnia soli', { from: '1917-01-01', to: '1977-12-31' }],
    ['przerwa (28 i 29.10.) w szkole', { from: '--10-28', to: '--10-29' }],
    ['dwie soboty – 20 sierpnia i 3 września', { from: '--08-20', to: '--09-03' }],
  ])('range: %s', (text, range) => {
    expect(readDates(text)[0]).toMatchObject({ kind: 'event', range, date: null });
  });

  it.each([
    ['Zapraszamy 25 kwietnia 2024 r. (czwartek) o godz. 17.00 do świetlicy', '2024-04-25T17:00:00+02:00'],
    ['w dniu 20 sierpnia 2024 Program: godz. 11.30 msza święta', '2024-08-20T11:30:00+02:00'],
    ['w dniu 18.11.2024 r. wydawanie żywności będzie w godzinach od 09:30 do 12:30', '2024-11-18T09:30:00+01:00'],
    ['do dnia 23 października 2024 roku do godziny 1500', '2024-10-23T15:00:00+02:00'],
    ['Sobota 2 marca 2024 r. 10:00 - 18:00', '2024-03-02T10:00:00+01:00'],
    ['W dniu 5.05.2024 r. odbędzie się inauguracja. Uprzejmie prosimy o potwierdzenie do godz. 12', '2024-05-05T00:00:00+02:00'],
    ['Hala nr 3 - 12 kwietnia 2024 r.', '2024-04-12T00:00:00+02:00'],
    ['podpisali dziś w Kołobrzegu (poniedziałek 4 lutego 2024 r.)', '2024-02-04T00:00:00+01:00'],
    ['Uchwała z dnia 3 listopada w 2016 r.', '2016-11-03T00:00:00+01:00'],
    ['Uchwała Nr XXIII/416/2003 z dnia 18.XII.2003 r.', '2003-12-18T00:00:00+01:00'],
    ['Dziś 9 listopada 2024 r. o godzinie 11:11 włączyliśmy się do akcji', '2024-11-09T11:11:00+01:00'],
  ])('the first date and its time: %s', (text, iso) => {
    expect(readDates(text)[0]?.date?.iso).toBe(iso);
  });

  it.each([
    ['46 minut temu, Anna Nowak', { unit: 'minute', amount: -46, time: null }],
    ['godzinę temu', { unit: 'hour', amount: -1, time: null }],
    ['dokładnie tydzień temu', { unit: 'week', amount: -1, time: null }],
    ['dwa dni temu', { unit: 'day', amount: -2, time: null }],
    ['Wczoraj 14:49', { unit: 'day', amount: -1, time: '14:49' }],
    ['Dziś 20:15 Zebranie', { unit: 'day', amount: 0, time: '20:15' }],
    ['Dzisiaj, czyli w piątek 18 grudnia', { unit: 'day', amount: 0, time: null }],
    ['Tak mnie wczoraj zaskoczył list', { unit: 'day', amount: -1, time: null }],
    ['W dniu dzisiejszym odbyło się spotkanie', { unit: 'day', amount: 0, time: null }],
    ['na wczorajszej sesji rady', { unit: 'day', amount: -1, time: null }],
    ['W lutym ubiegłego roku informowaliśmy', { unit: 'year', amount: -1, time: null }],
    ['w przyszłym tygodniu', { unit: 'week', amount: 1, time: null }],
    ['Słońce wzeszło dzisiaj o 6.39', { unit: 'day', amount: 0, time: '06:39' }],
    ['w dniu dzisiejszym w godzinach 14:00 – 22:00 burze', { unit: 'day', amount: 0, time: '14:00' }],
    ['Koniec roku szkolnego za 57 dni', { unit: 'day', amount: 57, time: null }],
  ])('relative: %s', (text, relative) => {
    expect(readDates(text)[0]?.relative).toEqual(relative);
  });

  it.each([
    'W środę, 20 marca odbyła się sesja',
    'Warszawa, maj 2012 r.',
    'kilka dni później',
    'trwający od kilku miesięcy remont',
    'Zrobiliśmy w tym roku więcej',
    'Zgłoszenia przyjmowane są od poniedziałku do czwartku w godz. 8-14',
    'Liczba odwiedzających: 3590',
    'Dziś jest 113 dzień roku',
    'Dzisiaj160 Wczoraj329 Tydzień2093',
    '15 listopada br. przedłożyłam projekt budżetu na 2008 rok',
    'z dnia ....... 2005 r. w sprawie',
  ])('no date: %s', (text) => {
    expect(readDates(text)).toEqual([]);
  });

  it('reads text without Polish letters as with them', () => {
    const plain = readDates('Data wprowadzenia dokumentu do BIP: 28 pazdziernika 2011 20:09, Dzis jest sroda 24 kwietnia 2019');
    const polish = readDates('Data wprowadzenia dokumentu do BIP: 28 października 2011 20:09, Dziś jest środa 24 kwietnia 2019');
    expect(plain.map(show)).toEqual(polish.map(show));
    expect(plain.map(show)).toEqual([
      ['publication', '2011-10-28T20:09:00+02:00'],
      ['clock', '2019-04-24T00:00:00+02:00'],
    ]);
  });
});
