// The archive pages (archive.html): search, a story with every source, the alert history and
// long tension trends, read from the archive's /api/v1 through the dashboard, one module each
// under archive/. No framework; every value from the server is set with textContent (titles and
// snippets come from the web), and links are only ever http(s) or this dashboard's own pages.
import { $, renderPageNav } from './common.js';
import { initHistory } from './archive/history.js';
import { initSearch } from './archive/search.js';
import { initStory } from './archive/story.js';
import { initTrends } from './archive/trends.js';

const path = location.pathname;
const story = /^\/stories\/([^/]+)$/.exec(path);
const page = story ? 'story' : path.slice(1);
$(`${page}-page`).hidden = false;
renderPageNav(page);
if (story) void initStory(decodeURIComponent(story[1]));
else if (page === 'search') initSearch();
else if (page === 'history') initHistory();
else if (page === 'trends') initTrends();
