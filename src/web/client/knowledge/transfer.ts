/**
 * Import and export of the whole knowledge base as files. An import sends every chosen file at
 * once (`POST /api/knowledge/import`): the engine takes all or nothing, and the page lists every
 * problem, or how many articles were created, updated and left unchanged. The export downloads
 * every article as its file, in a ZIP with the folders of config/knowledge/ (`articles/`, `towns/`).
 */
import { byId, el } from '../dom.js';
import { send } from '../http.js';
import { importNameOf, isArticleFileName } from './article-text.js';
import { messageOf, problemItem, problemsOf, say, unexpected } from './texts.js';
import type { Exported, Imported, KnowledgeFile } from './wire.js';
import { zipTextFiles } from './zip.js';

export interface TransferOptions {
  /** After an import changed something: the list is read again. */
  readonly imported: () => Promise<void>;
  /** Today as YYYY-MM-DD, for the download's name. */
  readonly today: () => string;
}

/** The chosen files with their names in the knowledge directory. */
async function chosenFiles(inputs: readonly HTMLInputElement[]): Promise<KnowledgeFile[]> {
  const files = inputs.flatMap((input) => [...(input.files ?? [])]).filter((f) => isArticleFileName(f.name));
  return Promise.all(files.map(async (f) => {
    const text = await f.text();
    return { name: importNameOf(f.name, f.webkitRelativePath, text), text };
  }));
}

const names = (ids: readonly string[]): string => (ids.length > 0 ? ` (${ids.join(', ')})` : '');

export function transferSection(options: TransferOptions): void {
  const filesInput = byId('import-files', HTMLInputElement);
  const folderInput = byId('import-folder', HTMLInputElement);
  const importButton = byId('btn-import', HTMLButtonElement);
  const exportButton = byId('btn-export', HTMLButtonElement);
  const message = byId('transfer-message');
  const problems = byId('import-problems');

  const runImport = async (): Promise<void> => {
    problems.replaceChildren();
    const files = await chosenFiles([filesInput, folderInput]);
    if (files.length === 0) return say(message, 'Bitte zuerst .yaml-Dateien oder einen Ordner wählen.', 'error');
    say(message, `${files.length} Dateien werden geprüft …`);
    const answer = await send('POST', '/api/knowledge/import', { files });
    if (answer.status === 422) {
      const found = problemsOf(answer.body);
      say(message, `Nichts importiert: ${found.length === 1 ? '1 Problem' : `${found.length} Probleme`} in den Dateien. Bitte beheben und alle Dateien erneut importieren.`, 'error');
      problems.replaceChildren(...found.map((p) => problemItem(p, true)));
      return;
    }
    if (!answer.ok) return say(message, unexpected(answer.status, answer.body), 'error');
    const { created, updated, unchanged } = answer.body as Imported;
    say(message, `Importiert: ${created.length} neu${names(created)}, ${updated.length} geändert${names(updated)}, ${unchanged} unverändert.`, 'ok');
    filesInput.value = '';
    folderInput.value = '';
    if (created.length + updated.length > 0) await options.imported();
  };

  const runExport = async (): Promise<void> => {
    const answer = await send('GET', '/api/knowledge/export');
    if (!answer.ok) return say(message, unexpected(answer.status, answer.body), 'error');
    const files = [...(answer.body as Exported).files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const url = URL.createObjectURL(new Blob([zipTextFiles(files, new Date())], { type: 'application/zip' }));
    const link = el('a');
    link.href = url;
    link.download = `wissensdatenbank-${options.today()}.zip`;
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own copy once it started.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say(message, `${files.length} Dateien heruntergeladen (${link.download}).`, 'ok');
  };

  const guarded = (button: HTMLButtonElement, run: () => Promise<void>) => () => {
    button.disabled = true;
    void run()
      .catch((err: unknown) => say(message, messageOf(err), 'error'))
      .finally(() => {
        button.disabled = false;
      });
  };
  importButton.addEventListener('click', guarded(importButton, runImport));
  exportButton.addEventListener('click', guarded(exportButton, runExport));
}
