// The words of inline boilerplate, per kind and language: the data behind
// strip-inline-boilerplate.ts. Each entry is a regular-expression source matched against a whole
// line (case-insensitive, Unicode); a line matches a kind when it is short enough for that kind.
// Add a language by adding its phrases to each list.

/** "Skip to content" links, alone on a line. */
export const SKIP_LINKS = [
  '(skip|jump|go) to (the )?(main |primary )?(content|navigation|article|menu)', // en
  'zum (haupt)?inhalt( springen| wechseln)?|direkt zum inhalt', // de
  'aller (directement )?au contenu( principal)?|passer au contenu', // fr
  '(ir|saltar|pasar) al contenido( principal)?', // es
  'salta al contenuto( principale)?', // it
  '(ir|saltar) para o conteúdo', // pt
  'перейти к (основному )?(содержани[юя]|контенту)', // ru
];

/** "You are here:" in front of a breadcrumb trail. */
export const BREADCRUMB_LEADS = [
  'you are here',
  'sie sind hier',
  'vous êtes ici',
  '(usted )?está(s)? (aquí|en)',
  'ti trovi in',
  'você está (aqui|em)',
  'вы (находитесь )?здесь',
];

/** First crumbs of a trail ("Home > World > Asia"). */
export const HOME_WORDS = [
  'home',
  'homepage',
  'startseite',
  'accueil',
  'inicio',
  'portada',
  'página inicial',
  'главная',
];

/** Picture credits and caption labels: "Photo: Reuters", "Foto: dpa", "Image caption". */
export const CREDIT_LABELS = [
  '(file )?(photo|image|picture|pic|photograph)s?( credit| source| copyright)?',
  'credits?|caption|image caption|media caption|illustration|graphic|video', // en
  'foto(s)?|bild(er)?|bildquelle|quelle foto', // de
  "crédits? photo|photo d[’']illustration|image d[’']illustration", // fr
  'imagen|fotografía|crédito', // es
  'фото|обложка|иллюстрация|кадр', // ru
];

/** Photo agencies and wires as they sign a picture ("JAY DIRECTO/AFP via Getty Images"). */
export const PICTURE_AGENCIES =
  'afp|ap|reuters|epa(-efe)?|efe|getty images|dpa|picture alliance|shutterstock|alamy|anadolu( agency)?|xinhua|tass|ria novosti|sputnik|ansa|imago|pa( images| wire)?|bloomberg|nurphoto|sopa images|ddp|keystone|fotodom';

/** Wires and agencies that sign a story on a line of their own ("Reuters", "— AFP"). */
export const WIRES =
  'reuters( staff)?|afp|ap|associated press|agence france-presse|pti|ani|ians|dpa|efe|ansa|tass|ria novosti|interfax|xinhua|anadolu( agency)?|press trust of india|upi|kyodo( news)?|yonhap|bloomberg|staff reporter|our correspondent|redacción|redaction|rédaction|redaktion|редакция';

/** Words that open a byline, before the author's name. */
export const BYLINE_LEADS = [
  'by',
  'written by',
  'posted by',
  'reporting by',
  'von',
  'par',
  'por',
  'di',
  'door',
  'автор',
  'текст',
];

/** "Read more", "Read the original story here", "Source link", per language. */
export const READ_ON = [
  'read (the )?(full|original|whole|complete|rest of the) (story|article|report|post)( here| at .{1,40}| on .{1,40})?',
  '(read|see|view|watch) more( (at|on|from) .{1,40})?|continue reading( .{1,40})?|click here( to read more)?|source link|original (page )?link|more (info|details) here', // en
  'lesen sie (hier )?weiter|weiterlesen|mehr lesen( über)?|zum (ganzen |vollständigen )?artikel', // de
  "lire la suite( de .{1,80})?|lire l[’']article( complet)?", // fr
  '(seguir|sigue|continuar) leyendo( en .{1,40})?|leer más|ver más|lea (la nota|el artículo) completo', // es
  'continua a leggere|leggi (tutto|di più)', // it
  'continue lendo|leia mais', // pt
  'читать (далее|дальше|полностью|на .{1,40})|подробнее( на .{1,40})?', // ru
];

/** Share and follow prompts. */
export const SHARE = [
  '(share|tweet|email|print|copy link|save)( this)?( article| story| page| post| video)?( on| via| to)?( (facebook|twitter|x|whatsapp|linkedin|telegram|reddit|email|messenger|bluesky|threads|pinterest))?',
  '(follow|join) us( on .{1,60})?|follow .{1,30} on (twitter|x|facebook|instagram|telegram|whatsapp)',
  '(auf (facebook|twitter|x|whatsapp|linkedin) )?teilen|artikel teilen|folgen sie uns( auf .{1,30})?', // de
  'partager( sur (facebook|twitter|x|whatsapp|linkedin|messenger))?|suivez-nous( sur .{1,30})?', // fr
  'compartir( en (facebook|twitter|x|whatsapp|linkedin))?|síguenos( en( .{1,30})?)?', // es
  'condividi( su (facebook|twitter|x|whatsapp))?|seguici( su .{1,30})?', // it
  'compartilhe|compartilhar|siga-nos( no .{1,30})?', // pt
  'поделиться|подписывайтесь( на .{1,60})?|подпишитесь( на .{1,60})?|следите за (нами|нашими новостями)( .{1,40})?|перейти в (дзен|telegram|телеграм|max)|мы в (telegram|телеграм|дзен|max)', // ru
];

/** Newsletter, paywall, comment and cookie pleas (a short line opening with one of these). */
export const PLEAS = [
  '(sign up|subscribe|register|join)( now| today| here| for free)?( (for|to) (our|the|a|my)? ?[\\p{L} -]{0,40}(newsletters?|briefings?|digest|bulletin|updates|alerts|emails|channel|podcast))?|follow us (on|at|in) .{1,100}',
  'subscribe now to keep reading.*|discover more from .{1,60}|already (a )?subscriber\\?.*|this (article|story|content) is (only )?(for|available to|reserved for) (subscribers|members).*',
  '(get|save|enjoy) \\d+ ?% off.*|.{0,40}\\bpromo\\b.{0,60}\\d+ ?% off.*|%d bloggers like this:?',
  'leave a (reply|comment)|post a comment|no comments:?|\\d+ comments?|comments? \\(\\d+\\)|please enter your (comment|name( here)?)!?|required fields are marked \\*?|your email address will not be published\\..*|no login|log in to comment.*', // en
  'abonnieren sie( unseren newsletter| jetzt)?.*|melden sie sich (hier )?(für unseren newsletter )?an.*|jetzt abonnieren.*|schreibe(n sie)? einen kommentar|deine e-mail-adresse wird nicht veröffentlicht\\..*|ihre e-mail-adresse wird nicht veröffentlicht\\..*|kommentare? \\(\\d+\\)', // de
  'inscrivez-vous( à notre newsletter| gratuitement)?.*|abonnez-vous.*|cet article est réservé aux abonnés\\.?|déjà abonné ?\\?.*|laisser un commentaire|votre adresse (e-mail|courriel) ne sera pas publiée\\..*', // fr
  'suscríbete( a nuestro boletín| gratis)?.*|deja un comentario|tu dirección de correo electrónico no será publicada\\..*|para participar en la conversación.*|inicie sesión o regístrese\\.?|comentarios', // es
  'iscriviti( alla newsletter)?.*|lascia un commento', // it
  'assine( já| a newsletter)?.*|deixe um comentário', // pt
  'есть новость\\?.*|присылайте.*|комментарии( \\(\\d+\\))?|для участия в обсуждении.*', // ru
  'advertisement|advertising|anzeige|werbung|publicité|publicidad|pubblicità|publicidade|реклама|sponsored( content)?|dmca',
];

/** Section heads that open a related-story block ("Lesen Sie auch", "Most Read"), alone. */
export const RELATED_HEADS = [
  '(most|recently) (read|popular|viewed|shared)( in this section| stories| news)?|latest (comments|news|stories|headlines|videos)|next in [\\p{L} ]{1,30}|others also read|people also read|you may have missed|more in [\\p{L} ]{1,30}|trending( now)?|tags|topics|related( topics| tags| stories| articles)?|(tags|topics|etiquetas|schlagworte|stichworte|mots-clés|теги)\\s*:.{1,60}', // en and others
  'lesen sie auch|das könnte sie auch interessieren|mehr zum thema( .{1,40})?|meistgelesen|schlagworte|themen', // de
  'lire aussi|à lire aussi|sur le même sujet|les plus lus|à la une|mots-clés|tendances', // fr
  'lee también|te puede interesar|contenido sugerido|noticias relacionadas|lo último|lo más leído|tendencias|etiquetas( de esta nota)?', // es
  'leggi anche|potrebbe interessarti|i più letti', // it
  'leia também|veja também|mais lidas', // pt
  'читайте также|смотрите также|последние новости|сейчас читают|популярное|самое читаемое|теги|по теме', // ru
];

/** Leads that introduce one related headline on the same line ("Lire aussi : ..."). */
export const RELATED_LEADS = [
  'read more|read also|also read|related|see also|more|watch|listen|must read|recommended|trending',
  'lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|siehe auch', // de
  'lire aussi|à lire aussi|voir aussi|à voir aussi', // fr
  'lee también|lea también|te puede interesar|ver también|también puede leer', // es
  'leggi anche|leggi pure', // it
  'leia também|veja também|leia mais', // pt
  'читайте также|смотрите также|по теме|читайте', // ru
];

/** Words of a date or relative time stamp ("Updated 3 hours ago", "vor 2 Stunden"). */
export const TIME_WORDS = // en
  (
    'jan january feb february mar march apr april may jun june jul july aug august sep sept september ' +
    'oct october nov november dec december mon monday tue tues tuesday wed wednesday thu thur thurs ' +
    'thursday fri friday sat saturday sun sunday am pm a.m p.m gmt utc bst ist et est edt ct cst cdt ' +
    'pt pst pdt cet cest eet eest msk jst kst aest hkt sgt ago updated published posted created last ' +
    'modified first on at min mins minute minutes hour hours hr hrs day days week weeks month months ' +
    'year years read yesterday today just now time reading ' +
    // de
    'januar jänner februar märz mai juni juli oktober dezember montag dienstag mittwoch donnerstag ' +
    'freitag samstag sonntag vor stunde stunden minute minuten tag tagen tage woche wochen uhr am um ' +
    'aktualisiert veröffentlicht stand zuletzt lesezeit ' +
    // fr
    'janvier février mars avril juin juillet août septembre octobre novembre décembre lundi mardi ' +
    'mercredi jeudi vendredi samedi dimanche il y a heure heures jour jours semaine mois an ans le à ' +
    'mis publié modifié h ' +
    // es, pt, it
    'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre ' +
    'diciembre lunes martes miércoles jueves viernes sábado domingo hace hora horas día días semana ' +
    'de del actualizado publicado el las los janeiro fevereiro março maio junho julho setembro ' +
    'outubro dezembro atualizado atualizada publicada em gennaio febbraio aprile maggio giugno luglio ' +
    'settembre ottobre dicembre ore fa aggiornato pubblicato ' +
    // ru
    'января февраля марта апреля мая июня июля августа сентября октября ноября декабря январь ' +
    'февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь назад час часа часов ' +
    'минуту минуты минут день дня дней неделю недели обновлено опубликовано сегодня вчера в г года'
  ).split(' ');

/** Words that make a run of date words a time stamp rather than a stray noun phrase. */
export const TIME_ANCHORS =
  'ago|updated|published|posted|created|modified|read|vor|uhr|aktualisiert|veröffentlicht|lesezeit|il|hace|actualizado|publicado|atualizado|fa|aggiornato|назад|обновлено|опубликовано';
