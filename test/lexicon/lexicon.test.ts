import { describe, expect, it } from 'vitest';
import { dateLabelKind, hasNonPublicationLabel, isDateStamp, showsDate } from '../../src/lexicon/date-labels.js';
import { namesABody } from '../../src/lexicon/authors.js';
import { fold, isBack, isCalendarHeading, isNewsSection, isReadMore, isRelatedHeading, pagePatterns } from '../../src/lexicon/lexicon.js';

describe('fold', () => {
  it('lower-cases and drops Polish diacritics, character for character', () => {
    const text = 'ZAŻÓŁĆ gęślą jaźń, Październik – 2019';
    expect(fold(text)).toBe('zazolc gesla jazn, pazdziernik – 2019');
    expect(fold(text).length).toBe(text.length);
  });
});

describe('date labels', () => {
  it.each([
    ['Data publikacji', 'publication'],
    ['Data wprowadzenia dokumentu do BIP', 'publication'],
    ['Data wprowadzenia informacji do BIP', 'publication'],
    ['Data zamieszczenia', 'publication'],
    ['Opublikowano', 'publication'],
    ['Publikacja dnia', 'publication'],
    ['Data', 'publication'],
    ['Data wytworzenia', 'created'],
    ['Data wytworzenia informacji publicznej', 'created'],
    ['Data powstania', 'created'],
    ['Dokument z dnia', 'created'],
    ['Data ostatniej modyfikacji', 'modified'],
    ['Ostatnia aktualizacja', 'modified'],
    ['Data aktualizacji serwisu', 'modified'],
    ['Zaktualizowano', 'modified'],
    ['Data wydruku', 'printed'],
    ['Data dostępu', 'printed'],
    ['Dziś jest', 'clock'],
    ['Aktualna data', 'clock'],
    ['Termin składania ofert', 'event'],
    ['Wytworzył', null],
    ['Kategoria', null],
    ['Liczba odwiedzin', null],
  ])('%s → %s', (label, kind) => {
    expect(dateLabelKind(label)).toBe(kind);
    expect(dateLabelKind(`${fold(label)}:`)).toBe(kind);
  });

  it.each([
    ['Dziś jest wtorek, 5 marca 2024', true],
    ['Aktualny czas środa, 26 listopada 2014', true],
    ['Ostatnia aktualizacja: 12.03.2024', true],
    ['Data ostatniej zmiany: 12.03.2024', true],
    ['5 marca 2024 | Imieniny: Fryderyka', true],
    ['Data wydruku: 12.03.2024', true],
    ['Dodano: 12.03.2024 | Wydruk | PDF', false],
    ['Aktualizacja listy osób zakwalifikowanych', false],
    ['Dostęp do informacji publicznej', false],
    ['Opublikowano: 12.03.2024', false],
  ])('%s: not a publication date = %s', (text, expected) => {
    expect(hasNonPublicationLabel(text)).toBe(expected);
  });
});

describe('page furniture', () => {
  it.each([
    ['Czytaj dalej', true],
    ['Więcej...', true],
    ['czytaj więcej »', true],
    ['Wiecej informacji', true],
    ['CZYTAJ CAŁOŚĆ >>', true],
    ['Więcej o projekcie', false],
    ['Program CAL MOPS', false],
  ])('read more: %j = %s', (text, expected) => {
    expect(isReadMore(text)).toBe(expected);
  });

  it.each([
    ['Powrót', true],
    ['« Wróć', false],
    ['wróć »', true],
  ])('back: %j = %s', (text, expected) => {
    expect(isBack(text)).toBe(expected);
  });

  it.each([
    ['Zobacz także', true],
    ['Czytaj również: inne wpisy', true],
    ['Powiązane artykuły', true],
    ['Zobaczyliśmy więcej', false],
  ])('related heading: %j = %s', (text, expected) => {
    expect(isRelatedHeading(text)).toBe(expected);
  });

  it('knows documents by their extension, with a query or fragment after it', () => {
    const { attachment, document } = pagePatterns();
    expect(['/pliki/wniosek.PDF', '/a/b.docx?v=2', '/x.odt#page=2'].every((path) => attachment.test(path))).toBe(true);
    expect(attachment.test('/aktualnosci/pdf-do-pobrania')).toBe(false);
    expect(document.test('/galeria/zdjecie.jpg')).toBe(true);
    expect(attachment.test('/galeria/zdjecie.jpg')).toBe(false);
  });
});

describe('bodies and news sections', () => {
  it.each([
    ['Urząd Gminy Michałowice', true],
    ['Miejski Ośrodek Pomocy Społecznej w Sopocie', true],
    ['MOPS Kraków', true],
    ['PCPR w Mielcu', true],
    ['Anna Nowak', false],
    ['Jan Kowalski-Domański', false],
  ])('namesABody(%j) = %s', (text, expected) => {
    expect(namesABody(text)).toBe(expected);
  });

  it.each([
    ['Aktualności', true],
    ['KOMUNIKATY', true],
    ['Ogłoszenia i informacje', true],
    ['Kontakt', false],
    ['Deklaracja dostępności', false],
  ])('isNewsSection(%j) = %s', (text, expected) => {
    expect(isNewsSection(text)).toBe(expected);
  });
});

describe('dates shown on a teaser', () => {
  it.each([
    ['12.03.2024', true, true],
    ['2019/04/18', true, true],
    ['23 KWI', true, true],
    ['Kwi 19 2019', true, true],
    ['Kwiecień 17, 2019', true, true],
    ['środa, 12.12.2018 10:46', true, true],
    ['Opublikowano: 2019-04-23', true, true],
    ['Data dodania 2017-03-27', true, true],
    ['(2019-04-23)', true, true],
    ['01 kwietnia 2019 14:33 | Aktualności', true, false],
    ['W dniu 15.04.2019 nastąpi przerwa w dostawie prądu.', true, false],
    ['NIP: 631-23-34-122 REGON: 277-69-15-41', false, false],
    ['tel. 12 425-78-09', false, false],
    ['2019', false, false],
    ['Sesja nr 12', false, false],
  ])('%s: a date %s, a stamp %s', (text, shows, stamp) => {
    expect(showsDate(text)).toBe(shows);
    expect(isDateStamp(text)).toBe(stamp);
  });

  it('knows an events calendar\'s heading', () => {
    expect(['Kalendarium imprez', 'KALENDARZ WYDARZEŃ', 'Nadchodzące wydarzenia'].map(isCalendarHeading)).toEqual([true, true, true]);
    expect(['Aktualności', 'Komunikaty'].map(isCalendarHeading)).toEqual([false, false]);
  });
});
