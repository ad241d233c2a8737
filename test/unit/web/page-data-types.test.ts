/**
 * The page scripts (src/web/client/) declare the data they read from the server (their wire.ts
 * files); the server builds that data from its own types. This file makes `npm run typecheck` fail
 * when the two drift apart: each function only compiles while the server's type fits the page's.
 */
import { describe, expect, it } from 'vitest';
import type { DeskView } from '../../../src/app/desk-feed.js';
import type { LEVEL_TEXT } from '../../../src/dashboard/targets.js';
import type { FiguresView, LiveView } from '../../../src/dashboard/view.js';
import type { KnowledgeEditorData } from '../../../src/knowledge/editor-page.js';
import type { ArticleSummary, ImportOutcome, SaveOutcome } from '../../../src/knowledge/service.js';
import type { ArticleVersion } from '../../../src/knowledge/store.js';
import type { ArticleProblem } from '../../../src/knowledge/article-problem.js';
import type { NoteView } from '../../../src/notes/model.js';
import type { StaffingAdvice } from '../../../src/staffing/advice.js';
import type * as dashboard from '../../../src/web/client/dashboard/wire.js';
import type * as desk from '../../../src/web/client/desk/wire.js';
import type * as inbox from '../../../src/web/client/inbox/wire.js';
import type * as knowledge from '../../../src/web/client/knowledge/wire.js';

const fits = {
  desk: (view: DeskView): desk.DeskView => view,
  live: (view: LiveView): dashboard.LiveView => view,
  figures: (view: FiguresView): dashboard.FiguresView => view,
  levels: (levels: typeof LEVEL_TEXT): dashboard.InitialDashboard['levels'] => levels,
  staffing: (advice: StaffingAdvice): dashboard.StaffingAdvice => advice,
  note: (note: NoteView): inbox.InboxNote => note,
  knowledgePage: (data: KnowledgeEditorData): knowledge.KnowledgeEditorData => data,
  articleRow: (row: ArticleSummary): knowledge.ArticleSummary => row,
  // GET /api/knowledge/articles/:id and …/versions/:version answer a version with its file text.
  articleText: (v: ArticleVersion, yaml: string): knowledge.ArticleText => ({ ...v, yaml }),
  versionEntry: ({ version, savedAt, savedBy, changed }: ArticleVersion): knowledge.VersionEntry => ({ version, savedAt, savedBy, changed }),
  problem: (p: ArticleProblem): knowledge.FileProblem => p,
  saved: (o: Extract<SaveOutcome, { ok: true }>): knowledge.Saved => o,
  imported: (o: Extract<ImportOutcome, { ok: true }>): knowledge.Imported => o,
};

describe('the data the pages read', () => {
  it('is checked by the type checker (npm run typecheck)', () => {
    expect(Object.keys(fits)).toHaveLength(13);
  });
});
