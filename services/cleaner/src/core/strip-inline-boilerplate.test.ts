import { describe, it, expect } from 'vitest';
import { isInlineBoilerplate, stripInlineBoilerplate } from './strip-inline-boilerplate.ts';

// Lines made up for these tests, in the shapes news pages print them.
const furniture: Record<string, string[]> = {
  'skip links': [
    'Skip to content',
    'Skip to main content',
    'Zum Inhalt springen',
    'Aller au contenu',
  ],
  breadcrumbs: [
    'You are here: Home > World > Asia',
    'Home / News / World / Europe',
    'Startseite › Politik › Ausland',
    'Economy ❯ Trade ❯ Tariffs',
    'Asia | Defence',
  ],
  'picture credits and captions': [
    'AP file photo',
    'KIM HONG-JI/AFP via Getty Images',
    'Photo: Reuters',
    'Foto: Max Muster/dpa',
    'Image caption, Soldiers on patrol',
    '© Reuters / Jane Roe',
    'Обложка © РИА Новости / Иван Петров',
    'FILE PHOTO: A warship sails past the port of Tartus, May 3, 2019. REUTERS/Omar Sanadiki/File Photo',
    'Tanks roll through the capital during a parade. (Photo: Jane Roe/AFP)',
    'File photo by Kim Lee/EPA',
  ],
  bylines: [
    'By Jane Doe, Reuters',
    'By Jane Doe and John Roe',
    'By Ali Hassan (Reuters)',
    'Von Anna Schmidt, Berlin',
    'Par Claire Martin, avec AFP',
    'Posted by Sam Lee in World on March 2 at 10:15 AM',
    'Reuters Staff',
    '— Agence France-Presse',
    'dpa/AFP',
    'Reporting by Jane Doe; Editing by John Roe',
    '(This story has been corrected to fix a name in paragraph 3)',
  ],
  'read more': [
    'Read the original story here',
    'read more',
    'Read more at The Guardian.',
    'Continue reading',
    'Weiterlesen',
    'Lire la suite',
    'Seguir leyendo',
    'Читать далее',
    'Source link',
  ],
  'share prompts': [
    'Share this article',
    'Share on Facebook',
    'Share on WhatsApp',
    'Teilen',
    'Partager sur X',
    'Compartir en Twitter',
    'Поделиться',
    'Síguenos en',
  ],
  'time stamps': [
    '2d ago',
    'Updated 3 hours ago',
    '5 min read',
    'Published: March 3, 2024 10:12 GMT',
    'vor 2 Stunden',
    'il y a 3 heures',
    'hace 5 horas',
    '2 часа назад',
  ],
  'cookie, newsletter and comment pleas': [
    'We use cookies to give you the best experience. By continuing you agree to our use of cookies.',
    'Sign up for our morning newsletter',
    'Subscribe to our daily briefing',
    'Abonnieren Sie unseren Newsletter',
    'Inscrivez-vous à notre newsletter',
    'Подписывайтесь на наш канал в Telegram',
    'Leave a Reply',
    'Your email address will not be published. Required fields are marked *',
    'Advertisement',
  ],
  'related-story heads': [
    'Lesen Sie auch: Regierung plant neues Wehrgesetz',
    'Lire aussi : Paris et Alger rappellent leurs ambassadeurs',
    'Lee también: Bogotá cierra la frontera',
    'Читайте также: Флот вышел в море',
    'Related: Ceasefire talks stall again',
    'Most Read',
    'Next In World',
    'Tags: #Ukraine #NATO',
  ],
};

// Article lines that carry the same words and must stay.
const article = [
  'By Tuesday evening, more than 2,000 people had crossed the frontier.',
  'By Christmas, the army had resumed operations in two provinces.',
  'Updated figures from the UN put the death toll at 43.',
  'Share prices in Seoul fell 2% after the launch.',
  'Follow-up talks are planned for next week in Geneva.',
  'Photographs released by the ministry showed tanks near the border.',
  'Reuters could not independently verify the footage.',
  'The regulator said the website used cookies to track children.',
  'More than 1,000 soldiers were expected to deploy.',
  'Стороны подписали соглашение о прекращении огня.',
  'Die Bundeswehr teilt mit, man werde die Lage beobachten.',
  'No one was hurt.',
  '“We are ready,” he said.',
  'WASHINGTON (Reuters) - The United States will send two more destroyers to the region.',
  'The rouble fell to 90 / dollar before the central bank stepped in.',
  'Register of foreign agents grows to 800 names',
  'Monday',
  'Sign up for the family plan using the same email as your main account',
  '10 p.m.',
  '29 November 2018 | 20 January 2019',
  'http://example.com/report.pdf',
];

describe('isInlineBoilerplate', () => {
  for (const [kind, lines] of Object.entries(furniture))
    it(`finds ${kind}`, () => {
      expect(lines.filter((l) => !isInlineBoilerplate(l))).toEqual([]);
    });

  it('keeps article lines that share their words', () => {
    expect(article.filter((l) => isInlineBoilerplate(l))).toEqual([]);
  });

  it('never judges long paragraphs by a leading phrase', () => {
    const long = `Share this article with caution, the minister told reporters, ${'because the situation is changing fast. '.repeat(6)}`;
    expect(isInlineBoilerplate(long.trim())).toBe(false);
  });
});

describe('stripInlineBoilerplate', () => {
  it('drops furniture between article lines and keeps the order of the rest', () => {
    const lines = [
      'Skip to content',
      'Troops massed on the border on Sunday, officials said.',
      'JAY DIRECTO/AFP via Getty Images',
      'The talks collapsed late on Saturday.',
      'Share on Facebook',
      '2d ago',
    ];
    expect(stripInlineBoilerplate(lines)).toEqual([
      'Troops massed on the border on Sunday, officials said.',
      'The talks collapsed late on Saturday.',
    ]);
  });

  it('drops a bare date only near the top or the foot of an item', () => {
    const lines = [
      'lunes, 4 de marzo de 2024',
      'The summit opened on Monday with a warning from the host.',
      'Delegates meet again at the following times:',
      '10 p.m.',
      'Apr 6, 2022',
      'The final statement is due on Friday.',
      'The host said he expected no deal.',
      'Mar 5, 2024',
    ];
    expect(stripInlineBoilerplate(lines)).toEqual([
      lines[1],
      lines[2],
      lines[3],
      lines[4],
      lines[5],
      lines[6],
    ]);
  });

  it('leaves an item made only of such lines to the later stages', () => {
    expect(stripInlineBoilerplate(['Advertisement', 'Share'])).toEqual(['Advertisement', 'Share']);
  });
});
