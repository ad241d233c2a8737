/**
 * The page scripts (src/web/client/) declare the data they read from the server (their wire.ts
 * files); the server builds that data from its own types. This file makes `npm run typecheck` fail
 * when the two drift apart: each function only compiles while the server's type fits the page's.
 */
import { describe, expect, it } from 'vitest';
import type { DeskView } from '../../../src/app/desk-feed.js';
import type { LEVEL_TEXT } from '../../../src/dashboard/targets.js';
import type { FiguresView, LiveView } from '../../../src/dashboard/view.js';
import type { NoteView } from '../../../src/notes/model.js';
import type { StaffingAdvice } from '../../../src/staffing/advice.js';
import type * as dashboard from '../../../src/web/client/dashboard/wire.js';
import type * as desk from '../../../src/web/client/desk/wire.js';
import type * as inbox from '../../../src/web/client/inbox/wire.js';

const fits = {
  desk: (view: DeskView): desk.DeskView => view,
  live: (view: LiveView): dashboard.LiveView => view,
  figures: (view: FiguresView): dashboard.FiguresView => view,
  levels: (levels: typeof LEVEL_TEXT): dashboard.InitialDashboard['levels'] => levels,
  staffing: (advice: StaffingAdvice): dashboard.StaffingAdvice => advice,
  note: (note: NoteView): inbox.InboxNote => note,
};

describe('the data the pages read', () => {
  it('is checked by the type checker (npm run typecheck)', () => {
    expect(Object.keys(fits)).toHaveLength(6);
  });
});
