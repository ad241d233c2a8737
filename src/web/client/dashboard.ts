/**
 * The operators' dashboard (`GET /dashboard`): renders the views embedded in the page and keeps
 * them live through the server-sent events of `/api/dashboard/events`. Once a second the waits and
 * the agents' times count up from the server's clock as of the last update, without a request.
 * Values from the server only ever reach the page as text.
 */
import { openBoard } from './dashboard/board.js';
import { renderFigures } from './dashboard/figures.js';
import { renderLive, tick } from './dashboard/live.js';
import { loadStaffing, STAFFING_REFRESH_MS } from './dashboard/staffing.js';
import { connectDashboard } from './dashboard/stream.js';

const board = openBoard();
renderLive(board);
renderFigures(board);
tick(board);
setInterval(() => tick(board), 1000);
if (board.staffingServed) {
  void loadStaffing(board);
  setInterval(() => void loadStaffing(board), STAFFING_REFRESH_MS);
}
connectDashboard({
  live: (view) => {
    board.live = view;
    board.skew = Date.now() - view.at;
    renderLive(board);
  },
  figures: (view) => {
    board.figures = view;
    renderFigures(board);
  },
});
