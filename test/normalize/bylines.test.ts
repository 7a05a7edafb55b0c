import { describe, expect, it } from 'vitest';
import { isBylineLine } from '../../src/lexicon/authors.js';
import { normalizeAuthor, splitTrailingSignature } from '../../src/normalize/bylines.js';

describe('normalizeAuthor', () => {
  it.each([
    ['Opublikowany przez: Stanowisko ds. promocji', 'Stanowisko ds. promocji'],
    ['Autor: Iwona Radzimirska', 'Iwona Radzimirska'],
    ['(JD)', 'JD'],
    ['  Opublikowała:   Anna\u00a0Kowalska. ', 'Anna Kowalska'],
    ['oprac. Dział Promocji', 'Dział Promocji'],
    // The newsroom as a function names nobody (was 'Redakcja' before bylines were measured on real pages).
    ['Redakcja', null],
    ['admin', null],
    ['Administrator', null],
    ['12345', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeAuthor(raw)).toBe(expected);
  });

  // Invented in the manner of Polish BIPs, welfare centres' sites and local papers; one row per mechanism.
  describe.each([
    [
      'labels removed whole, however they run on to their colon',
      [
        ['Autor wpisu: Halina Wrona', 'Halina Wrona'],
        ['Autorzy: Beata Kos, Marek Sęk', 'Beata Kos, Marek Sęk'],
        ['Tekst i zdjęcia: Jolanta Wiórek', 'Jolanta Wiórek'],
        ['Zredagował(a): Edyta Pawlus', 'Edyta Pawlus'],
        ['Zredagowal(a): Edyta Pawlus', 'Edyta Pawlus'],
        ['Wprowadził(a): Grzegorz Bies', 'Grzegorz Bies'],
        ['WPROWADZIL DO BIP: Grzegorz Bies', 'Grzegorz Bies'],
        ['Informację wytworzył: Zenon Kurek', 'Zenon Kurek'],
        ['Osoba odpowiedzialna za treść informacji: Irena Gwizdała', 'Irena Gwizdała'],
        ['Dokument wprowadzony do BIP przez: Teresa Maj', 'Teresa Maj'],
        ['Za treść odpowiada: Tadeusz Bór', 'Tadeusz Bór'],
        ['Redaktor prowadzący/Managing editor: dr Olga Ryś', 'Olga Ryś'],
        ['Napisane przez Roman Gil', 'Roman Gil'],
        ['Autor tekstu Roman Gil', 'Roman Gil'],
        ['Zamieściła: Aldona Świątek', 'Aldona Świątek'],
      ],
    ],
    [
      'labels that name nobody',
      [
        ['Autor: Zredagował(a):', null],
        ['Wprowadził(a):', null],
        ['Data publikacji: Kategoria: , Opublikował:', null],
      ],
    ],
    [
      'dates, times and relative times around the name',
      [
        ['Opublikowano 14 lutego 2023, autor: Ula Bartos', 'Ula Bartos'],
        ['Dodane przez Roman Gil dnia 2 marca 2021', 'Roman Gil'],
        ['Autor Kamil Osiecki , 03.11.2022', 'Kamil Osiecki'],
        ['4 godziny temu, Łucja Derda', 'Łucja Derda'],
        ['Wczoraj 09:12 Łucja Derda', 'Łucja Derda'],
        ['2024-06-01, 08:05 Jan Gąsior/Redakcja', 'Jan Gąsior'],
        ['Posted by Ada Kwiek on 5-12-22 in Aktualności', 'Ada Kwiek'],
        ['Opublikowano 2 maja 2022 przez Ada Kwiek', 'Ada Kwiek'],
      ],
    ],
    [
      'CMS accounts and names of no one',
      [
        ['Posted by admin', null],
        ['przez admin', null],
        ['Opublikowano 04/05/2021 przez admin', null],
        ['Maj 3, 2020 by admin', null],
        ['Posted by gopsadmin_KL on 3 marca 2020 in Bez kategorii', null],
        ['Autor admin Opublikowano Luty 7, 2019', null],
        ['Dokument wprowadzony do BIP przez: Administrator', null],
        ['Autor: webmaster2', null],
        ['Osoba odpowiedzialna za treść: Redaktor Serwisu', null],
        ['Redakcja portalu', null],
        ['[post_author] => 314', null],
        ['Opublikowano 1 lipca 2020 przez Adminowicz Piotr', 'Adminowicz Piotr'],
      ],
    ],
    [
      'roles, titles and institutions around a name',
      [
        ['Wprowadził do BIP: Damian Ruta - Moderator BIP', 'Damian Ruta'],
        ['Kierownik – Barbara Fijał', 'Barbara Fijał'],
        ['Kierownik GOPS w Lubaszu Barbara Fijał', 'Barbara Fijał'],
        ['Barbara Fijał Kierownik Gminnego Ośrodka Pomocy Społecznej w Lubaszu', 'Barbara Fijał'],
        ['Barbara Fijał, rzecznik prasowy MOPS', 'Barbara Fijał'],
        ['Redaktor naczelny: prof. dr hab. Witold Lis', 'Witold Lis'],
        ['Witold Lis Politechnika Opolska', 'Witold Lis'],
        ['Anna Sołtys', 'Anna Sołtys'],
        ['Kierownik w Lubaszu', null],
      ],
    ],
    [
      'several authors, as printed',
      [
        ['Tekst: Ewa Brzoza, Jan Brzoza', 'Ewa Brzoza, Jan Brzoza'],
        ['Ewa Brzoza i Jan Brzoza', 'Ewa Brzoza i Jan Brzoza'],
        ['Ewa Brzoza/Jan Brzoza', 'Ewa Brzoza, Jan Brzoza'],
      ],
    ],
    [
      'capitals, initials and signatures',
      [
        ['TOMASZ WIDERA', 'Tomasz Widera'],
        ['MARIA KOPEĆ-ZAJĄC CENTRUM USŁUG SPOŁECZNYCH', 'Maria Kopeć-Zając'],
        ['Opracowała: Ewa ŁUKASIK', 'Ewa Łukasik'],
        ['autor: AS-W', 'AS-W'],
        ['K.M.', 'K.M.'],
        ['(kd)', 'kd'],
        ['fot. (ew)', 'ew'],
        ['Oprac. GOPS', 'GOPS'],
      ],
    ],
    [
      'slashes and photo credits',
      [
        ['Hanna Pyzik-Wrona/kd', 'Hanna Pyzik-Wrona'],
        ['Fot. Pixabay/R. Kula/UG', 'R. Kula'],
        ['fot.M. Dziekan', 'M. Dziekan'],
        ['Foto: Paweł Reda', 'Paweł Reda'],
        ['Świetlica po remoncie/fot. Paweł Reda', 'Paweł Reda'],
        ['Tekst: Ewa Brzoza, zdjęcia: Paweł Reda', 'Ewa Brzoza'],
        ['fot. GOPS, autor: Ewa Brzoza', 'Ewa Brzoza'],
        ['Ewa Brzoza, fot. Paweł Reda', 'Ewa Brzoza'],
        ['Redakcja/fot. Paweł Reda', null],
        ['fot. archiwum', null],
      ],
    ],
    [
      'furniture after the name, and names printed twice',
      [
        ['Tamara Gut Napisz do autora', 'Tamara Gut'],
        ['Opublikował: Grażyna Wilk Publikacja dnia: 13.07.2011', 'Grażyna Wilk'],
        ['Autor Tamara Gut Kategorie Aktualności Ogłoszenia', 'Tamara Gut'],
        ['Czas i autor dodaniaCzas i autor ostatniej zmiany Olaf Bury Olaf Bury', 'Olaf Bury'],
        ['[created_by] => Array ( [user_firstname] => Olaf [user_lastname] => Bury )', 'Olaf Bury'],
      ],
    ],
    [
      'source credits and quoted people are not authors',
      [
        ['Źródło: Urząd Gminy Lubasz', null],
        ['Źródło: PAP', null],
        ['informuje Edward Kłos, rzecznik PCPR', null],
        ['podkreśla kierownik MOPS Renata Gil', null],
        ['– mówi Renata Gil', null],
      ],
    ],
    [
      'agencies, media and the management name nobody; logins after a label and signatures after the text do',
      [
        ['© (fot. PAP)', null],
        ['/IAR/', null],
        ['Gazeta Lubaska', null],
        ['Dokument wytworzony przez: Dyrekcja', null],
        ['Fot. Shutterstock/Ewa Lis', 'Ewa Lis'],
        ['Dodane przez jkowalska dnia May 25 2010 08:40:18', 'jkowalska'],
        ['Data utworzenia: 2010-07-19 14:48:37 Użytkownik: Teresa Maj', 'Teresa Maj'],
        ['wprowadził/a: Edyta Pawlus,', 'Edyta Pawlus'],
        ['Dzieci odwiedziły bibliotekę i wysłuchały bajek. Halina Wrona', 'Halina Wrona'],
        ['Na zakończenie odbył się poczęstunek. (hw)', 'hw'],
        ['Wiersze swojego autorstwa odczytała Halina Wrona.', null],
      ],
    ],
    [
      'roles, ranks, offices and places around a name',
      [
        ['Mł. asp. Marek Sęk/KPP Lubasz', 'Marek Sęk'],
        ['Wójt Gminy Lubasz Zenon Kos', 'Zenon Kos'],
        ['Przewodniczący Rady Zenon Kos', 'Zenon Kos'],
        ['Bibliotekarz Halina Wrona', 'Halina Wrona'],
        ['o. Marek Sęk - proboszcz', 'Marek Sęk'],
        ['Beata Kos, dyrektor Muzeum Regionalnego', 'Beata Kos'],
        ['Dyrektor Lubaskiego Centrum Kultury', null],
        ['Rozmawiał Marek Sęk', 'Marek Sęk'],
        ['Autor lub odpowiedzialny za treść Halina Wrona', 'Halina Wrona'],
      ],
    ],
  ] as Array<[string, Array<[string, string | null]>]>)('%s', (_, rows) => {
    it.each(rows)('%j → %j', (raw, expected) => {
      expect(normalizeAuthor(raw)).toBe(expected);
    });
  });
});

describe('isBylineLine', () => {
  it.each([
    ['Autor: Halina Wrona', true],
    ['Autor Halina Wrona', true],
    ['Tekst i zdjęcia: Jolanta Wiórek', true],
    ['Zredagowal(a): Edyta Pawlus', true],
    ['Opublikował: admin', true],
    ['Dokument wprowadzony do BIP przez: Teresa Maj', true],
    ['Autorzy:', true],
    ['Autor projektu, pan Zenon, opowiedział o planach.', false],
    ['Przez cały tydzień w świetlicy trwały zajęcia.', false],
    ['Opracowanie planu pracy na 2024 r.', false],
    ['Tekst jest dostępny w BIP.', false],
    ['Redaktor Serwisu', false],
    ['Posted by admin', false],
    ['fot. Paweł Reda', false],
  ])('%j → %j', (line, expected) => {
    expect(isBylineLine(line)).toBe(expected);
  });
});

describe('splitTrailingSignature', () => {
  it.each([
    ['istniejące potrzeby.(JD).', 'istniejące potrzeby.', 'JD'],
    ['Dziękujemy wszystkim. (AB/CD)', 'Dziękujemy wszystkim.', 'AB/CD'],
    ['Prowadzenie Placówki Wsparcia Dziennego (PWD)', 'Prowadzenie Placówki Wsparcia Dziennego (PWD)', null],
    ['Program (PWD) dla dzieci.', 'Program (PWD) dla dzieci.', null],
  ])('%j', (text, rest, signature) => {
    expect(splitTrailingSignature(text)).toEqual({ text: rest, signature });
  });
});
