/**
 * The editors' page of the knowledge base (`GET /knowledge`): the article list embedded in the
 * page, an editor for one article's YAML text with its versions, and for editors and operators
 * import, export and the knowledge gaps. Town staff get the list and the editor: the engine lets
 * them save only their town's part (src/knowledge/changes.ts).
 */
import { byId, embeddedJson } from './dom.js';
import { articleEditor } from './knowledge/editor.js';
import { gapsSection } from './knowledge/gaps.js';
import { articleList } from './knowledge/list.js';
import { transferSection } from './knowledge/transfer.js';
import { versionsPanel } from './knowledge/versions.js';
import type { KnowledgeEditorData } from './knowledge/wire.js';

const data = embeddedJson<KnowledgeEditorData>('knowledge-data');
if (data === null) throw new Error('the page carries no #knowledge-data');
const timeZone = byId('knowledge').dataset.timezone;
const when = new Intl.DateTimeFormat('de-DE', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat('de-DE', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' });
const today = (): string => new Intl.DateTimeFormat('sv-SE', { timeZone }).format(Date.now());
const municipalityName = (id: string): string => data.municipalities.find((m) => m.id === id)?.name ?? id;

const staffRule =
  data.role === 'town-staff' && data.town !== undefined
    ? `Bitte nehmen Sie die Änderungen außerhalb von sections.${data.town} zurück („Neu laden“ behält Ihren Text daneben); im Ortsartikel von ${municipalityName(data.town)} dürfen Sie alles außer id, kind, municipality und status ändern.`
    : null;

// The three call each other only on clicks, after all of them exist.
const list = articleList({ articles: data.articles, names: data.names, when, day, onOpen: (id) => void editor.open(id) });
const versions = versionsPanel({ names: data.names, when, useText: (text, from) => editor.useText(text, from), fail: (message) => editor.fail(message) });
const editor = articleEditor({ names: data.names, when, template: data.template, staffRule, list, versions });

const newButton = document.getElementById('btn-new');
newButton?.addEventListener('click', () => editor.startNew());
if (document.getElementById('transfer-section')) transferSection({ imported: () => list.refresh(), today });
if (document.getElementById('gaps-section')) gapsSection(municipalityName);
