/**
 * @data: a table typed by hand, exempt from the 300-line rule (infra/check-file-size.ts).
 *
 * Hand-curated office holders 2015-2026 (heads of state and government, foreign and defence
 * ministers, alliance and union leaders), since the Phoenix dictionaries stop around 2015.
 * Each row: display name, country (ISO3), aliases, terms as [roleCode, from, to|null] with
 * ISO dates (to is exclusive: the day the successor took over). Dates are the best known.
 */
export type CuratedTerm = readonly [role: string, from: string, to: string | null];
export interface CuratedPerson {
  name: string;
  country: string;
  aliases?: readonly string[];
  terms: readonly CuratedTerm[];
}

const p = (
  name: string,
  country: string,
  terms: CuratedTerm[],
  aliases: string[] = [],
): CuratedPerson => ({ name, country, terms, aliases });

const PEOPLE: readonly CuratedPerson[] = [
  // United States
  p('George H. W. Bush', 'USA', [['USAGOV', '1981-01-20', '1993-01-20']], ['George Bush', 'Bush']),
  p('George W. Bush', 'USA', [['USAGOV', '2001-01-20', '2009-01-20']], ['George Bush', 'Bush']),
  p('Barack Obama', 'USA', [['USAGOV', '2009-01-20', '2017-01-20']], ['Obama']),
  p(
    'Donald Trump',
    'USA',
    [
      ['USAGOV', '2017-01-20', '2021-01-20'],
      ['USAOPP', '2021-01-20', '2025-01-20'],
      ['USAGOV', '2025-01-20', null],
    ],
    ['Donald J. Trump', 'Trump'],
  ),
  p(
    'Joe Biden',
    'USA',
    [
      ['USAGOV', '2009-01-20', '2017-01-20'],
      ['USAGOV', '2021-01-20', '2025-01-20'],
    ],
    ['Joseph Biden', 'Joseph R. Biden', 'Biden'],
  ),
  p('Kamala Harris', 'USA', [['USAGOV', '2021-01-20', '2025-01-20']]),
  p('Mike Pence', 'USA', [['USAGOV', '2017-01-20', '2021-01-20']]),
  p('JD Vance', 'USA', [['USAGOV', '2025-01-20', null]], ['J.D. Vance']),
  p('John Kerry', 'USA', [['USAGOV', '2013-02-01', '2017-01-20']]),
  p('Rex Tillerson', 'USA', [['USAGOV', '2017-02-01', '2018-03-31']]),
  p('Mike Pompeo', 'USA', [['USAGOV', '2018-04-26', '2021-01-20']]),
  p('Antony Blinken', 'USA', [['USAGOV', '2021-01-26', '2025-01-20']], ['Tony Blinken']),
  p('Marco Rubio', 'USA', [['USAGOV', '2025-01-21', null]]),
  p('Ash Carter', 'USA', [['USAGOV', '2015-02-17', '2017-01-20']], ['Ashton Carter']),
  p('Jim Mattis', 'USA', [['USAGOV', '2017-01-20', '2019-01-01']], ['James Mattis']),
  p('Mark Esper', 'USA', [['USAGOV', '2019-07-23', '2020-11-09']]),
  p('Lloyd Austin', 'USA', [['USAGOV', '2021-01-22', '2025-01-20']]),
  p('Pete Hegseth', 'USA', [['USAGOV', '2025-01-25', null]]),
  p('Jake Sullivan', 'USA', [['USAGOV', '2021-01-20', '2025-01-20']]),
  // Russia
  p(
    'Vladimir Putin',
    'RUS',
    [['RUSGOV', '1999-08-09', null]],
    ['Vladimir Vladimirovich Putin', 'Vladimir V. Putin', 'Putin', 'Wladimir Putin'],
  ),
  p('Dmitry Medvedev', 'RUS', [['RUSGOV', '2005-11-14', null]], ['Dmitri Medvedev', 'Medvedev']),
  p('Mikhail Mishustin', 'RUS', [['RUSGOV', '2020-01-16', null]]),
  p('Sergei Lavrov', 'RUS', [['RUSGOV', '2004-03-09', null]], ['Sergey Lavrov', 'Lavrov']),
  p('Sergei Shoigu', 'RUS', [['RUSGOV', '2012-11-06', null]], ['Sergey Shoigu', 'Shoigu']),
  p('Andrei Belousov', 'RUS', [['RUSGOV', '2024-05-14', null]], ['Andrey Belousov']),
  p('Dmitry Peskov', 'RUS', [['RUSGOV', '2012-05-22', null]], ['Dmitri Peskov', 'Peskov']),
  p('Maria Zakharova', 'RUS', [['RUSGOV', '2015-08-10', null]], ['Zakharova']),
  p('Valery Gerasimov', 'RUS', [['RUSMIL', '2012-11-09', null]], ['Valeriy Gerasimov']),
  p(
    'Alexei Navalny',
    'RUS',
    [['RUSOPP', '2011-01-01', '2024-02-16']],
    ['Alexey Navalny', 'Navalny'],
  ),
  p('Yevgeny Prigozhin', 'RUS', [['RUSMIL', '2014-05-01', '2023-08-23']], ['Prigozhin']),
  // Ukraine
  p('Petro Poroshenko', 'UKR', [
    ['UKRGOV', '2014-06-07', '2019-05-20'],
    ['UKROPP', '2019-05-20', null],
  ]),
  p(
    'Volodymyr Zelensky',
    'UKR',
    [['UKRGOV', '2019-05-20', null]],
    [
      'Volodymyr Zelenskyy',
      'Volodymyr Zelenskiy',
      'Zelensky',
      'Zelenskyy',
      'Zelenskiy',
      'Vladimir Zelensky',
    ],
  ),
  p('Pavlo Klimkin', 'UKR', [['UKRGOV', '2014-06-19', '2019-08-29']]),
  p('Vadym Prystaiko', 'UKR', [['UKRGOV', '2019-08-29', '2020-03-04']]),
  p('Dmytro Kuleba', 'UKR', [['UKRGOV', '2020-03-04', '2024-09-05']], ['Dmitro Kuleba', 'Kuleba']),
  p('Andrii Sybiha', 'UKR', [['UKRGOV', '2024-09-05', null]], ['Andriy Sybiha']),
  p('Oleksii Reznikov', 'UKR', [['UKRGOV', '2021-11-04', '2023-09-05']], ['Oleksiy Reznikov']),
  p('Rustem Umerov', 'UKR', [['UKRGOV', '2023-09-06', null]]),
  p('Denys Shmyhal', 'UKR', [['UKRGOV', '2020-03-04', null]]),
  p('Yulia Svyrydenko', 'UKR', [['UKRGOV', '2019-09-01', null]]),
  p('Valerii Zaluzhnyi', 'UKR', [['UKRMIL', '2021-07-27', '2024-02-08']], ['Valery Zaluzhny']),
  p('Oleksandr Syrskyi', 'UKR', [['UKRMIL', '2024-02-08', null]], ['Oleksandr Syrsky']),
  // Finland
  p(
    'Sauli Niinistö',
    'FIN',
    [
      ['FINGOV', '2012-03-01', '2024-03-01'],
      ['FINELI', '2024-03-01', null],
    ],
    ['Sauli Niinisto', 'Niinistö', 'Niinisto', 'Sauli Väinämö Niinistö'],
  ),
  p(
    'Alexander Stubb',
    'FIN',
    [
      ['FINGOV', '2008-04-04', '2016-06-09'],
      ['FINELI', '2016-06-09', '2024-03-01'],
      ['FINGOV', '2024-03-01', null],
    ],
    ['Stubb'],
  ),
  p('Juha Sipilä', 'FIN', [['FINGOV', '2015-05-29', '2019-06-06']]),
  p('Antti Rinne', 'FIN', [['FINGOV', '2019-06-06', '2019-12-10']]),
  p('Sanna Marin', 'FIN', [['FINGOV', '2019-12-10', '2023-06-20']]),
  p('Petteri Orpo', 'FIN', [['FINGOV', '2015-05-29', null]]),
  p('Timo Soini', 'FIN', [['FINGOV', '2015-05-29', '2019-06-06']]),
  p('Pekka Haavisto', 'FIN', [['FINGOV', '2019-06-06', '2023-06-20']]),
  p('Elina Valtonen', 'FIN', [['FINGOV', '2023-06-20', null]]),
  p('Antti Häkkänen', 'FIN', [['FINGOV', '2023-06-20', null]]),
  // France
  p('François Hollande', 'FRA', [['FRAGOV', '2012-05-15', '2017-05-14']], ['Hollande']),
  p(
    'Emmanuel Macron',
    'FRA',
    [
      ['FRAGOV', '2014-08-26', '2016-08-30'],
      ['FRAGOV', '2017-05-14', null],
    ],
    ['Macron'],
  ),
  p('Laurent Fabius', 'FRA', [['FRAGOV', '2012-05-16', '2016-02-11']]),
  p('Jean-Marc Ayrault', 'FRA', [['FRAGOV', '2012-05-15', '2017-05-17']]),
  p('Jean-Yves Le Drian', 'FRA', [['FRAGOV', '2012-05-16', '2022-05-20']], ['Le Drian']),
  p('Catherine Colonna', 'FRA', [['FRAGOV', '2022-05-20', '2024-01-11']]),
  p('Stéphane Séjourné', 'FRA', [['FRAGOV', '2024-01-11', '2024-09-21']]),
  p('Jean-Noël Barrot', 'FRA', [['FRAGOV', '2022-07-04', null]]),
  p('Florence Parly', 'FRA', [['FRAGOV', '2017-06-21', '2022-05-20']]),
  p('Sébastien Lecornu', 'FRA', [['FRAGOV', '2017-06-21', null]], ['Lecornu']),
  p('Édouard Philippe', 'FRA', [['FRAGOV', '2017-05-15', '2020-07-03']]),
  p('Jean Castex', 'FRA', [['FRAGOV', '2020-07-03', '2022-05-16']]),
  p('Élisabeth Borne', 'FRA', [
    ['FRAGOV', '2017-05-17', '2024-01-09'],
    ['FRAGOV', '2024-12-23', null],
  ]),
  p('Gabriel Attal', 'FRA', [['FRAGOV', '2024-01-09', '2024-09-05']]),
  p('Michel Barnier', 'FRA', [['FRAGOV', '2024-09-05', '2024-12-13']]),
  p('François Bayrou', 'FRA', [['FRAGOV', '2024-12-13', '2025-09-09']]),
  p('Marine Le Pen', 'FRA', [['FRAOPP', '2011-01-16', null]]),
  // Germany
  p('Angela Merkel', 'DEU', [['DEUGOV', '2005-11-22', '2021-12-08']], ['Merkel']),
  p('Olaf Scholz', 'DEU', [['DEUGOV', '2018-03-14', '2025-05-06']], ['Scholz']),
  p(
    'Friedrich Merz',
    'DEU',
    [
      ['DEUOPP', '2022-01-31', '2025-05-06'],
      ['DEUGOV', '2025-05-06', null],
    ],
    ['Merz'],
  ),
  p(
    'Annalena Baerbock',
    'DEU',
    [
      ['DEUGOV', '2021-12-08', '2025-05-06'],
      ['IGOUNO', '2025-09-09', null],
    ],
    ['Baerbock'],
  ),
  p('Johann Wadephul', 'DEU', [['DEUGOV', '2025-05-06', null]]),
  p('Heiko Maas', 'DEU', [['DEUGOV', '2013-12-17', '2021-12-08']]),
  p('Sigmar Gabriel', 'DEU', [['DEUGOV', '2013-12-17', '2018-03-14']]),
  p(
    'Frank-Walter Steinmeier',
    'DEU',
    [
      ['DEUGOV', '2013-12-17', '2017-01-27'],
      ['DEUGOV', '2017-03-19', null],
    ],
    ['Steinmeier'],
  ),
  p('Christine Lambrecht', 'DEU', [['DEUGOV', '2019-06-27', '2023-01-19']]),
  p('Boris Pistorius', 'DEU', [['DEUGOV', '2023-01-19', null]], ['Pistorius']),
  p('Annegret Kramp-Karrenbauer', 'DEU', [['DEUGOV', '2019-07-17', '2021-12-08']]),
  // United Kingdom
  p('David Cameron', 'GBR', [
    ['GBRGOV', '2010-05-11', '2016-07-13'],
    ['GBRGOV', '2023-11-13', '2024-07-05'],
  ]),
  p('Theresa May', 'GBR', [['GBRGOV', '2010-05-12', '2019-07-24']]),
  p('Boris Johnson', 'GBR', [
    ['GBRGOV', '2016-07-13', '2018-07-09'],
    ['GBRGOV', '2019-07-24', '2022-09-06'],
  ]),
  p('Liz Truss', 'GBR', [['GBRGOV', '2021-09-15', '2022-10-25']]),
  p('Rishi Sunak', 'GBR', [['GBRGOV', '2020-02-13', '2024-07-05']]),
  p(
    'Keir Starmer',
    'GBR',
    [
      ['GBROPP', '2020-04-04', '2024-07-05'],
      ['GBRGOV', '2024-07-05', null],
    ],
    ['Starmer'],
  ),
  p('Jeremy Hunt', 'GBR', [
    ['GBRGOV', '2018-07-09', '2019-07-24'],
    ['GBRGOV', '2022-10-14', '2024-07-05'],
  ]),
  p('Dominic Raab', 'GBR', [['GBRGOV', '2019-07-24', '2023-04-21']]),
  p('James Cleverly', 'GBR', [['GBRGOV', '2022-09-06', '2024-07-05']]),
  p('David Lammy', 'GBR', [['GBRGOV', '2024-07-05', null]]),
  p('Yvette Cooper', 'GBR', [['GBRGOV', '2024-07-05', null]]),
  p('Ben Wallace', 'GBR', [['GBRGOV', '2019-07-24', '2023-08-31']]),
  p('Grant Shapps', 'GBR', [['GBRGOV', '2023-08-31', '2024-07-05']]),
  p('John Healey', 'GBR', [['GBRGOV', '2024-07-05', null]]),
  p('King Charles III', 'GBR', [['GBRGOV', '2022-09-08', null]], ['King Charles', 'Charles III']),
  // China
  p('Xi Jinping', 'CHN', [['CHNGOV', '2012-11-15', null]], ['Xi']),
  p('Li Keqiang', 'CHN', [['CHNGOV', '2013-03-15', '2023-03-11']]),
  p('Li Qiang', 'CHN', [['CHNGOV', '2023-03-11', null]]),
  p('Wang Yi', 'CHN', [['CHNGOV', '2013-03-16', null]]),
  p('Qin Gang', 'CHN', [['CHNGOV', '2022-12-30', '2023-07-25']]),
  // Alliances and unions
  p(
    'Jens Stoltenberg',
    'NOR',
    [
      ['IGOWSTNAT', '2014-10-01', '2024-10-01'],
      ['NORGOV', '2025-02-04', null],
    ],
    ['Stoltenberg'],
  ),
  p(
    'Mark Rutte',
    'NLD',
    [
      ['NLDGOV', '2010-10-14', '2024-07-02'],
      ['IGOWSTNAT', '2024-10-01', null],
    ],
    ['Rutte'],
  ),
  p('Jean-Claude Juncker', 'LUX', [['IGOEUREEC', '2014-11-01', '2019-12-01']], ['Juncker']),
  p(
    'Ursula von der Leyen',
    'DEU',
    [
      ['DEUGOV', '2013-12-17', '2019-07-17'],
      ['IGOEUREEC', '2019-12-01', null],
    ],
    ['von der Leyen'],
  ),
  p(
    'Donald Tusk',
    'POL',
    [
      ['IGOEUREEC', '2014-12-01', '2019-12-01'],
      ['POLOPP', '2021-07-03', '2023-12-13'],
      ['POLGOV', '2023-12-13', null],
    ],
    ['Tusk'],
  ),
  p('Charles Michel', 'BEL', [['IGOEUREEC', '2019-12-01', '2024-12-01']]),
  p(
    'António Costa',
    'PRT',
    [
      ['PRTGOV', '2015-11-26', '2024-04-02'],
      ['IGOEUREEC', '2024-12-01', null],
    ],
    ['Antonio Costa'],
  ),
  p('Federica Mogherini', 'ITA', [['IGOEUREEC', '2014-11-01', '2019-12-01']]),
  p('Josep Borrell', 'ESP', [['IGOEUREEC', '2019-12-01', '2024-12-01']], ['Borrell']),
  p(
    'Kaja Kallas',
    'EST',
    [
      ['ESTGOV', '2021-01-26', '2024-07-23'],
      ['IGOEUREEC', '2024-12-01', null],
    ],
    ['Kallas'],
  ),
  p('Ban Ki-moon', 'KOR', [['IGOUNO', '2007-01-01', '2017-01-01']]),
  p('António Guterres', 'PRT', [['IGOUNO', '2017-01-01', null]], ['Antonio Guterres', 'Guterres']),
  p('Rafael Grossi', 'ARG', [['IGOUNOIAE', '2019-12-03', null]]),
  // Others
  p(
    'Recep Tayyip Erdoğan',
    'TUR',
    [['TURGOV', '2003-03-14', null]],
    ['Recep Tayyip Erdogan', 'Erdogan', 'Erdoğan', 'Tayyip Erdogan'],
  ),
  p('Mevlüt Çavuşoğlu', 'TUR', [['TURGOV', '2014-08-29', '2023-06-04']], ['Mevlut Cavusoglu']),
  p('Hakan Fidan', 'TUR', [['TURGOV', '2023-06-04', null]]),
  p(
    'Benjamin Netanyahu',
    'ISR',
    [
      ['ISRGOV', '2009-03-31', '2021-06-13'],
      ['ISROPP', '2021-06-13', '2022-12-29'],
      ['ISRGOV', '2022-12-29', null],
    ],
    ['Netanyahu', 'Bibi Netanyahu'],
  ),
  p('Naftali Bennett', 'ISR', [['ISRGOV', '2021-06-13', '2022-06-30']]),
  p('Yair Lapid', 'ISR', [['ISRGOV', '2021-06-13', '2022-12-29']]),
  p('Narendra Modi', 'IND', [['INDGOV', '2014-05-26', null]], ['Modi']),
  p(
    'Subrahmanyam Jaishankar',
    'IND',
    [['INDGOV', '2019-05-30', null]],
    ['S. Jaishankar', 'Jaishankar'],
  ),
  p('Kim Jong Un', 'PRK', [['PRKGOV', '2011-12-17', null]], ['Kim Jong-un', 'Kim Jong-Un']),
  p(
    'Ali Khamenei',
    'IRN',
    [['IRNGOV', '1989-06-04', null]],
    ['Ayatollah Ali Khamenei', 'Khamenei'],
  ),
  p('Hassan Rouhani', 'IRN', [['IRNGOV', '2013-08-03', '2021-08-03']], ['Rouhani']),
  p('Ebrahim Raisi', 'IRN', [['IRNGOV', '2021-08-03', '2024-05-19']], ['Raisi']),
  p('Masoud Pezeshkian', 'IRN', [['IRNGOV', '2024-07-28', null]], ['Pezeshkian']),
  p(
    'Mohammad Javad Zarif',
    'IRN',
    [['IRNGOV', '2013-08-15', '2021-08-25']],
    ['Javad Zarif', 'Zarif'],
  ),
  p('Hossein Amir-Abdollahian', 'IRN', [['IRNGOV', '2021-08-25', '2024-05-19']]),
  p('Abbas Araghchi', 'IRN', [['IRNGOV', '2024-08-21', null]], ['Araghchi']),
  p('Bashar al-Assad', 'SYR', [['SYRGOV', '2000-07-17', '2024-12-08']], ['Bashar Assad', 'Assad']),
  p(
    'Ahmed al-Sharaa',
    'SYR',
    [
      ['SYRREB', '2012-01-01', '2024-12-08'],
      ['SYRGOV', '2024-12-08', null],
    ],
    ['Abu Mohammed al-Jolani'],
  ),
  p(
    'Alexander Lukashenko',
    'BLR',
    [['BLRGOV', '1994-07-20', null]],
    ['Alyaksandr Lukashenka', 'Lukashenko'],
  ),
  p('Andrzej Duda', 'POL', [['POLGOV', '2015-08-06', '2025-08-06']]),
  p('Karol Nawrocki', 'POL', [['POLGOV', '2025-08-06', null]]),
  p('Mateusz Morawiecki', 'POL', [['POLGOV', '2017-12-11', '2023-12-13']]),
  p('Radosław Sikorski', 'POL', [['POLGOV', '2023-12-13', null]], ['Radoslaw Sikorski']),
  p('Viktor Orbán', 'HUN', [['HUNGOV', '2010-05-29', null]], ['Viktor Orban', 'Orban', 'Orbán']),
  p('Giorgia Meloni', 'ITA', [['ITAGOV', '2022-10-22', null]], ['Meloni']),
  p('Mario Draghi', 'ITA', [['ITAGOV', '2021-02-13', '2022-10-22']]),
  p('Pedro Sánchez', 'ESP', [['ESPGOV', '2018-06-02', null]], ['Pedro Sanchez']),
  p('Justin Trudeau', 'CAN', [['CANGOV', '2015-11-04', '2025-03-14']], ['Trudeau']),
  p('Mark Carney', 'CAN', [['CANGOV', '2025-03-14', null]]),
  p('Shinzo Abe', 'JPN', [['JPNGOV', '2012-12-26', '2020-09-16']]),
  p('Yoshihide Suga', 'JPN', [['JPNGOV', '2020-09-16', '2021-10-04']]),
  p('Fumio Kishida', 'JPN', [['JPNGOV', '2021-10-04', '2024-10-01']], ['Kishida']),
  p('Shigeru Ishiba', 'JPN', [['JPNGOV', '2024-10-01', '2025-10-21']]),
  p('Sanae Takaichi', 'JPN', [['JPNGOV', '2025-10-21', null]]),
  p('Moon Jae-in', 'KOR', [['KORGOV', '2017-05-10', '2022-05-10']]),
  p('Yoon Suk Yeol', 'KOR', [['KORGOV', '2022-05-10', '2025-04-04']], ['Yoon Suk-yeol']),
  p('Lee Jae-myung', 'KOR', [['KORGOV', '2025-06-04', null]]),
  p('Tsai Ing-wen', 'TWN', [['TWNGOV', '2016-05-20', '2024-05-20']]),
  p('Lai Ching-te', 'TWN', [['TWNGOV', '2024-05-20', null]], ['William Lai']),
  p('Magdalena Andersson', 'SWE', [['SWEGOV', '2014-10-03', '2022-10-18']]),
  p('Ulf Kristersson', 'SWE', [['SWEGOV', '2022-10-18', null]]),
  p('Jonas Gahr Støre', 'NOR', [['NORGOV', '2021-10-14', null]], ['Jonas Gahr Store']),
  p('Erna Solberg', 'NOR', [['NORGOV', '2013-10-16', '2021-10-14']]),
  p('Mette Frederiksen', 'DNK', [['DNKGOV', '2019-06-27', null]]),
  p(
    'Luiz Inácio Lula da Silva',
    'BRA',
    [['BRAGOV', '2023-01-01', null]],
    ['Lula da Silva', 'Luiz Inacio Lula da Silva', 'Lula'],
  ),
  p('Jair Bolsonaro', 'BRA', [['BRAGOV', '2019-01-01', '2023-01-01']], ['Bolsonaro']),
  p('Mohammed bin Salman', 'SAU', [['SAUGOV', '2015-01-23', null]], ['Mohammad bin Salman', 'MBS']),
  p(
    'Abdel Fattah el-Sisi',
    'EGY',
    [['EGYGOV', '2014-06-08', null]],
    ['Abdel Fattah al-Sisi', 'Sisi'],
  ),
  p('Mahmoud Abbas', 'PSE', [['PSEGOV', '2005-01-15', null]], ['Abu Mazen']),
  p('Anthony Albanese', 'AUS', [['AUSGOV', '2022-05-23', null]]),
  p('Gitanas Nausėda', 'LTU', [['LTUGOV', '2019-07-12', null]], ['Gitanas Nauseda']),
  p('Edgars Rinkēvičs', 'LVA', [['LVAGOV', '2011-10-25', null]], ['Edgars Rinkevics']),
  p('Maia Sandu', 'MDA', [['MDAGOV', '2020-12-24', null]]),
  p('Nikol Pashinyan', 'ARM', [['ARMGOV', '2018-05-08', null]]),
  p('Ilham Aliyev', 'AZE', [['AZEGOV', '2003-10-31', null]]),
  p('Nicolás Maduro', 'VEN', [['VENGOV', '2013-04-19', null]], ['Nicolas Maduro', 'Maduro']),
  p('Kassym-Jomart Tokayev', 'KAZ', [['KAZGOV', '2019-03-20', null]], ['Tokayev']),
  p('Cyril Ramaphosa', 'ZAF', [['ZAFGOV', '2018-02-15', null]]),
  p('Shehbaz Sharif', 'PAK', [
    ['PAKGOV', '2022-04-11', '2023-08-14'],
    ['PAKGOV', '2024-03-04', null],
  ]),
  p('Imran Khan', 'PAK', [['PAKGOV', '2018-08-18', '2022-04-10']]),
  p('Alexander Van der Bellen', 'AUT', [['AUTGOV', '2017-01-26', null]]), // Wider world (issue 17): heads of state and government, foreign and defence ministers,
  // commanders and armed-group leaders named in tension news from Asia, Africa, the Middle East
  // and the Americas.
  p('Hun Manet', 'KHM', [['KHMGOV', '2023-08-22', null]]),
  p('Hun Sen', 'KHM', [['KHMGOV', '1985-01-14', '2023-08-22']]),
  p(
    'Prayut Chan-o-cha',
    'THA',
    [['THAGOV', '2014-08-24', '2023-08-22']],
    ['Prayuth Chan-ocha', 'Prayut', 'Prayuth'],
  ),
  p('Srettha Thavisin', 'THA', [['THAGOV', '2023-08-22', '2024-08-14']], ['Srettha']),
  p('Paetongtarn Shinawatra', 'THA', [['THAGOV', '2024-08-16', '2025-08-29']], ['Paetongtarn']),
  p('Anutin Charnvirakul', 'THA', [['THAGOV', '2025-09-07', null]], ['Anutin']),
  p(
    'Ferdinand Marcos Jr.',
    'PHL',
    [['PHLGOV', '2022-06-30', null]],
    ['Ferdinand Marcos Jr', 'Bongbong Marcos', 'Marcos'],
  ),
  p('Rodrigo Duterte', 'PHL', [['PHLGOV', '2016-06-30', '2022-06-30']]),
  p(
    'Gilberto Teodoro',
    'PHL',
    [['PHLGOV', '2023-06-05', null]],
    ['Gilberto Teodoro Jr.', 'Teodoro'],
  ),
  p('Dong Jun', 'CHN', [['CHNGOV', '2023-12-29', null]]),
  p('Zhang Youxia', 'CHN', [['CHNMIL', '2017-10-25', null]]),
  p('Lin Jian', 'CHN', [['CHNGOV', '2024-01-01', null]]),
  p('Mao Ning', 'CHN', [['CHNGOV', '2022-09-01', null]]),
  p('Hsiao Bi-khim', 'TWN', [['TWNGOV', '2024-05-20', null]]),
  p('Wellington Koo', 'TWN', [['TWNGOV', '2024-05-20', null]]),
  p('Lin Chia-lung', 'TWN', [['TWNGOV', '2024-05-20', null]]),
  p('Kim Yo Jong', 'PRK', [['PRKGOV', '2014-11-01', null]], ['Kim Yo-jong', 'Kim Yo-Jong']),
  p('Choe Son Hui', 'PRK', [['PRKGOV', '2022-06-10', null]], ['Choe Son-hui']),
  p('Cho Tae-yul', 'KOR', [['KORGOV', '2024-01-12', '2025-06-04']]),
  p('Takeshi Iwaya', 'JPN', [['JPNGOV', '2024-10-01', '2025-10-21']]),
  p('Gen Nakatani', 'JPN', [['JPNGOV', '2024-10-01', '2025-10-21']], ['Nakatani']),
  p('Asim Munir', 'PAK', [['PAKMIL', '2022-11-29', null]], ['Syed Asim Munir', 'Munir']),
  p('Ishaq Dar', 'PAK', [['PAKGOV', '2024-03-11', null]]),
  p('Khawaja Asif', 'PAK', [['PAKGOV', '2024-03-04', null]]),
  p('Asif Ali Zardari', 'PAK', [['PAKGOV', '2024-03-10', null]], ['Zardari']),
  p(
    'Bilawal Bhutto Zardari',
    'PAK',
    [['PAKGOV', '2022-04-27', '2023-08-10']],
    ['Bilawal Bhutto', 'Bilawal'],
  ),
  p(
    'Vladimir Padrino López',
    'VEN',
    [['VENMIL', '2014-10-24', null]],
    ['Vladimir Padrino Lopez', 'Padrino López', 'Padrino Lopez', 'Padrino'],
  ),
  p('Yván Gil', 'VEN', [['VENGOV', '2023-08-01', null]], ['Yvan Gil']),
  p('Diosdado Cabello', 'VEN', [['VENGOV', '2024-08-27', null]], ['Cabello']),
  p('Hugh Todd', 'GUY', [['GUYGOV', '2020-08-12', null]]),
  p('Israel Katz', 'ISR', [['ISRGOV', '2024-01-02', null]], ['Yisrael Katz']),
  p('Gideon Saar', 'ISR', [['ISRGOV', '2024-11-05', null]], ["Gideon Sa'ar", 'Saar', "Sa'ar"]),
  p('Yoav Gallant', 'ISR', [['ISRGOV', '2022-12-29', '2024-11-05']], ['Gallant']),
  p('Isaac Herzog', 'ISR', [['ISRGOV', '2021-07-07', null]], ['Herzog']),
  p('Herzi Halevi', 'ISR', [['ISRMIL', '2023-01-16', '2025-03-05']], ['Herzl Halevi', 'Halevi']),
  p('Eyal Zamir', 'ISR', [['ISRMIL', '2025-03-05', null]], ['Zamir']),
  p('Hossein Salami', 'IRN', [['IRNMIL', '2019-04-21', '2025-06-13']], ['Salami']),
  p(
    'Mohammad Bagheri',
    'IRN',
    [['IRNMIL', '2016-06-28', '2025-06-13']],
    ['Mohammad Hossein Bagheri'],
  ),
  p('Esmail Qaani', 'IRN', [['IRNMIL', '2020-01-03', null]], ['Esmail Ghaani', 'Qaani']),
  p(
    'Abdel Fattah al-Burhan',
    'SDN',
    [['SDNMIL', '2019-04-12', null]],
    ['Abdel-Fattah al-Burhan', 'Abdel Fattah Burhan', 'al-Burhan', 'Burhan'],
  ),
  p(
    'Mohamed Hamdan Dagalo',
    'SDN',
    [['SDNREB', '2023-04-15', null]],
    ['Mohammed Hamdan Dagalo', 'Hemedti', 'Hemeti', 'Dagalo'],
  ),
  p('Abiy Ahmed', 'ETH', [['ETHGOV', '2018-04-02', null]], ['Abiy Ahmed Ali', 'Abiy']),
  p('Hassan Sheikh Mohamud', 'SOM', [['SOMGOV', '2022-05-23', null]]),
  p('Albin Kurti', 'UNK', [['UNKGOV', '2021-03-22', null]], ['Kurti']),
  p('Vjosa Osmani', 'UNK', [['UNKGOV', '2021-04-04', null]], ['Osmani']),
  p(
    'Abdul-Malik al-Houthi',
    'YEM',
    [['YEMREB', '2004-09-10', null]],
    ['Abdul Malik al-Houthi', 'Abdulmalik al-Houthi'],
  ),
  p('Yahya Saree', 'YEM', [['YEMREB', '2016-01-01', null]], ['Yahya Sarea', 'Saree']),
  p('Naim Qassem', 'LBN', [['LBNREB', '2024-10-29', null]], ['Naim Qasem', 'Qassem']),
  p('Hassan Nasrallah', 'LBN', [['LBNREB', '1992-02-16', '2024-09-27']], ['Nasrallah']),
  p('Joseph Aoun', 'LBN', [['LBNGOV', '2025-01-09', null]]),
  p('Yahya Sinwar', 'PSE', [['PSEREB', '2017-02-13', '2024-10-16']], ['Sinwar']),
  p('Khalil al-Hayya', 'PSE', [['PSEREB', '2024-10-16', null]], ['Khalil al-Hayyah']),
  p('Ismail Haniyeh', 'PSE', [['PSEREB', '2017-05-06', '2024-07-31']], ['Haniyeh']),
  p(
    'Félix Tshisekedi',
    'COD',
    [['CODGOV', '2019-01-24', null]],
    ['Felix Tshisekedi', 'Tshisekedi'],
  ),
  p('Corneille Nangaa', 'COD', [['CODREB', '2023-12-15', null]], ['Nangaa']),
  p('Assimi Goïta', 'MLI', [['MLIGOV', '2021-05-24', null]], ['Assimi Goita', 'Goïta', 'Goita']),
  p(
    'Abdourahamane Tiani',
    'NER',
    [['NERGOV', '2023-07-28', null]],
    ['Abdourahmane Tchiani', 'Tchiani', 'Tiani'],
  ),
  p(
    'Ibrahim Traoré',
    'BFA',
    [['BFAGOV', '2022-09-30', null]],
    ['Ibrahim Traore', 'Traoré', 'Traore'],
  ),
  p('Bola Tinubu', 'NGA', [['NGAGOV', '2023-05-29', null]], ['Bola Ahmed Tinubu', 'Tinubu']),
  p(
    'Mahamat Idriss Déby',
    'TCD',
    [['TCDGOV', '2021-04-20', null]],
    ['Mahamat Idriss Deby', 'Mahamat Deby'],
  ),
  p('Bassirou Diomaye Faye', 'SEN', [['SENGOV', '2024-04-02', null]]),
  p('Abdelmadjid Tebboune', 'DZA', [['DZAGOV', '2019-12-19', null]], ['Tebboune']),
  p('Kais Saied', 'TUN', [['TUNGOV', '2019-10-23', null]], ['Kaïs Saïed']),
  p('Khalifa Haftar', 'LBY', [['LBYMIL', '2015-03-02', null]], ['Khalifa Hifter', 'Haftar']),
  p(
    'Abdul Hamid Dbeibah',
    'LBY',
    [['LBYGOV', '2021-03-15', null]],
    ['Abdulhamid Dbeibah', 'Dbeibah'],
  ),
  p(
    'Hibatullah Akhundzada',
    'AFG',
    [['AFGGOV', '2021-08-15', null]],
    ['Haibatullah Akhundzada', 'Akhundzada'],
  ),
  p('Amir Khan Muttaqi', 'AFG', [['AFGGOV', '2021-09-07', null]], ['Muttaqi']),
  p('Muhammad Yunus', 'BGD', [['BGDGOV', '2024-08-08', null]], ['Yunus']),
  p('Sheikh Hasina', 'BGD', [['BGDGOV', '2009-01-06', '2024-08-05']], ['Hasina']),
  p('KP Sharma Oli', 'NPL', [['NPLGOV', '2024-07-15', '2025-09-09']], ['K.P. Sharma Oli']),
  p('William Ruto', 'KEN', [['KENGOV', '2022-09-13', null]]),
  p('Gustavo Petro', 'COL', [['COLGOV', '2022-08-07', null]]),
  p('Claudia Sheinbaum', 'MEX', [['MEXGOV', '2024-10-01', null]]),
  p('Javier Milei', 'ARG', [['ARGGOV', '2023-12-10', null]]),
  p('Nayib Bukele', 'SLV', [['SLVGOV', '2019-06-01', null]]),
  p(
    'Miguel Díaz-Canel',
    'CUB',
    [['CUBGOV', '2018-04-19', null]],
    ['Miguel Diaz-Canel', 'Díaz-Canel', 'Diaz-Canel'],
  ),
  p('Min Aung Hlaing', 'MMR', [['MMRGOV', '2021-02-01', null]]),
  p('Prabowo Subianto', 'IDN', [['IDNGOV', '2024-10-20', null]], ['Prabowo']),
  p('Anwar Ibrahim', 'MYS', [['MYSGOV', '2022-11-24', null]]),
  p(
    'Mohamed bin Zayed',
    'ARE',
    [['AREGOV', '2022-05-14', null]],
    ['Mohammed bin Zayed', 'Mohamed bin Zayed Al Nahyan', 'MBZ'],
  ),
  p(
    'Tamim bin Hamad Al Thani',
    'QAT',
    [['QATGOV', '2013-06-25', null]],
    ['Sheikh Tamim', 'Tamim bin Hamad'],
  ),
  p('Dick Schoof', 'NLD', [['NLDGOV', '2024-07-02', null]]),
  p('Christopher Luxon', 'NZL', [['NZLGOV', '2023-11-27', null]]),
  p('Mike Waltz', 'USA', [['USAGOV', '2025-01-20', null]]),
  p('Steve Witkoff', 'USA', [['USAGOV', '2025-01-20', null]]),
  p('Volker Türk', 'AUT', [['IGOUNO', '2022-10-17', null]], ['Volker Turk']),
  p('Kyrylo Budanov', 'UKR', [['UKRMIL', '2020-08-05', null]], ['Kirill Budanov', 'Budanov']),
];

/**
 * A headline names office holders by surname ("Hegseth warns China", "Ishiba says"): each
 * person also gets the last word of their name as an alias when it is long enough (4+ letters)
 * to be a name and no other curated person ends their name with it ("Bush", "Sharif" stay out),
 * unless that word is a common given or family name on its own ("Johnson", "Ahmed") or, in a
 * name written family name first ("Xi Jinping", "Lee Jae-myung"), the given name.
 */
const NOT_SURNAME = new Set(
  (
    'Harris Carter Austin Sullivan Kerry Marin Philippe Gabriel Johnson Cooper Wallace Cameron ' +
    'Michel Costa Bennett Silva Salman Abbas Ahmed Ibrahim Zayed Thani López Borne Mohamud ' +
    'Jinping Keqiang Qiang Jae-in Jae-myung Ing-wen Ching-te Manet Youxia Bi-khim Chia-lung ' +
    'Tae-yul Ki-moon Hlaing Bellen Drian Gang Yeol Khan Jian Ning Jong Asif Todd Faye Türk'
  ).split(' '),
);

function withSurnames(people: readonly CuratedPerson[]): readonly CuratedPerson[] {
  const last = (name: string) => name.split(' ').pop()!.replace(/\.$/, '');
  const count = new Map<string, number>();
  for (const person of people) {
    const s = last(person.name).toLowerCase();
    count.set(s, (count.get(s) ?? 0) + 1);
  }
  return people.map((person) => {
    const s = last(person.name);
    const aliases = person.aliases ?? [];
    if (
      !person.name.includes(' ') ||
      s.length < 4 ||
      !/^\p{Lu}/u.test(s) ||
      count.get(s.toLowerCase())! > 1 ||
      NOT_SURNAME.has(s) ||
      aliases.includes(s)
    )
      return person;
    return { ...person, aliases: [...aliases, s] };
  });
}

export const CURATED_PEOPLE: readonly CuratedPerson[] = withSurnames(PEOPLE);
