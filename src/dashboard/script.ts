/**
 * The dashboard's script (plain ES2017 for any current browser, no build step), served at
 * `/dashboard/dashboard.js`. It renders the views embedded in the page, then keeps them live
 * through the server-sent events of `/api/dashboard/events` (`live`: queue and agents, `figures`:
 * today's figures and the chart); the browser reconnects by itself, a stream the server refused is
 * retried after checking the sign-in. Once a second it lets the waits and the agents' times count
 * up, from the server's clock as of the last update: no request. The chart is uPlot's
 * (`window.uPlot`). When the page says `/api/staffing` exists, that is asked on load and every
 * 30 s; the staffing box shows only when it answers 200. Values from the server only ever reach
 * the page through textContent.
 *
 * Written with String.raw; it must not contain a template placeholder or a backtick.
 */
export const DASHBOARD_JS = String.raw`'use strict';
(function () {
  var root = document.getElementById('dashboard');
  var timezone = root.dataset.timezone;
  var staffingServed = root.dataset.staffing === '1';
  function $(id) { return document.getElementById(id); }

  var initial = JSON.parse(($('initial-dashboard') || {}).textContent || '{}') || {};
  var LEVEL = initial.levels || { good: 'im Ziel', warn: 'knapp verfehlt', bad: 'verfehlt', none: 'keine Werte' };
  var ICON = { good: '✓', warn: '▲', bad: '✗', none: '' };
  var live = initial.live || null;
  var figures = initial.figures || null;
  var skew = live ? Date.now() - live.at : 0;
  var timeFmt = new Intl.DateTimeFormat('de-DE', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit' });
  var hmFmt = new Intl.DateTimeFormat('de-DE', { timeZone: timezone, hour: '2-digit', minute: '2-digit' });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function serverNow() { return Date.now() - skew; }

  function mmss(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total % 60;
    var text = (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
    return h > 0 ? h + ':' + text : text;
  }

  function waitLevel(ms) {
    var l = live.waitLimits;
    return ms <= l.goodMs ? 'good' : ms <= l.warnMs ? 'warn' : 'bad';
  }

  function conn(text, isError) {
    var c = $('conn');
    c.textContent = text;
    c.className = isError ? 'error' : '';
    return c;
  }

  function num(n, digits) {
    return typeof n === 'number' && isFinite(n) ? n.toLocaleString('de-DE', { maximumFractionDigits: digits || 0 }) : '–';
  }

  // ---- live: the queue and the agents -------------------------------------------------------------

  function renderLive() {
    if (!live) return;
    var waiting = live.waiting;
    $('waiting-count').textContent = String(waiting.length);
    var extra = [];
    if (live.callbacks.length > 0) extra.push(live.callbacks.length + (live.callbacks.length === 1 ? ' Rückrufwunsch' : ' Rückrufwünsche'));
    if (live.ringingAtTowns > 0) extra.push(live.ringingAtTowns + ' im Rathaus klingelnd');
    $('waiting-detail').textContent = extra.join(' · ');

    var rows = $('waiting-rows');
    rows.replaceChildren();
    waiting.forEach(function (c) {
      var tr = el('tr', c.phase === 'offering' ? 'offering' : '');
      tr.dataset.call = c.callId;
      tr.append(el('td', 'num', c.position));
      var wait = el('td', 'wait');
      wait.dataset.since = String(c.arrivedAt);
      tr.append(wait, el('td', 'entry', c.entryLabel), el('td', 'municipality', c.municipalityName), el('td', 'phase', c.phaseLabel), el('td', '', c.estimatedWait));
      rows.append(tr);
    });
    $('no-waiting').hidden = waiting.length > 0;

    var list = $('callback-list');
    list.replaceChildren();
    live.callbacks.forEach(function (c) {
      var li = el('li', '', c.municipalityName + ' (' + c.entryLabel + '), seit ');
      var since = el('span', 'since');
      since.dataset.since = String(c.arrivedAt);
      li.append(since);
      list.append(li);
    });
    $('callbacks').hidden = live.callbacks.length === 0;

    var groups = $('agent-groups');
    groups.replaceChildren();
    var counts = {};
    live.agentGroups.forEach(function (g) {
      counts[g.status] = g.agents.length;
      var box = el('div', 'group');
      box.dataset.group = g.status;
      var h = el('h3', '', g.label);
      h.id = 'group-' + g.status;
      h.append(el('span', 'count', '(' + g.agents.length + ')'));
      box.append(h);
      if (g.agents.length === 0) {
        box.append(el('p', 'hint', 'niemand'));
      } else {
        var ul = el('ul');
        ul.setAttribute('aria-labelledby', h.id);
        g.agents.forEach(function (a) {
          var li = el('li');
          li.dataset.agent = a.id;
          li.dataset.status = a.status;
          li.append(el('span', 'name', a.name));
          if (a.status === 'paused') li.append(el('span', 'reason', a.label));
          var since = el('span', 'since');
          since.dataset.since = String(a.since);
          since.title = 'seit';
          li.append(since);
          ul.append(li);
        });
        box.append(ul);
      }
      groups.append(box);
    });
    $('ready-count').textContent = String(counts.available || 0);
    var short = waiting.length > 0 && !counts.available;
    $('tile-agents').dataset.level = short ? 'warn' : 'none';
    $('agents-level').textContent = short ? '▲ niemand frei, Anrufer warten' : '';
    $('agents-detail').textContent = 'Im Gespräch ' + (counts.busy || 0) + ' · Nachbearbeitung ' + (counts['wrap-up'] || 0) +
      ' · Pause ' + (counts.paused || 0) + ' · Klingelt ' + (counts.offered || 0);
    $('longest-target').textContent = 'Ziel: höchstens ' + Math.round(live.waitLimits.goodMs / 1000) + ' s';
    renderTowns();
    tick();
  }

  /** Once a second, and after each update: the waits and times count up from the server's clock. */
  function tick() {
    var now = serverNow();
    $('clock').textContent = timeFmt.format(now);
    if (!live) return;
    var nodes = document.querySelectorAll('[data-since]');
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var ms = now - Number(node.dataset.since);
      node.textContent = mmss(ms);
      if (node.classList.contains('wait')) node.dataset.level = waitLevel(ms);
    }
    var longest = $('tile-longest');
    if (live.waiting.length === 0) {
      $('longest-wait').textContent = '–';
      longest.dataset.level = 'good';
      $('longest-level').textContent = 'Niemand wartet.';
    } else {
      var first = Math.min.apply(null, live.waiting.map(function (c) { return c.arrivedAt; }));
      var level = waitLevel(now - first);
      $('longest-wait').textContent = mmss(now - first);
      longest.dataset.level = level;
      $('longest-level').textContent = LEVEL[level];
    }
  }

  // ---- figures: today's KPIs, the towns, the chart ---------------------------------------------------

  function renderKpis() {
    var box = $('kpis');
    figures.kpis.forEach(function (k) {
      var node = box.querySelector('[data-kpi="' + k.id + '"]');
      if (!node) {
        node = el('div', 'tile');
        node.dataset.kpi = k.id;
        node.append(el('span', 'label'), el('span', 'value'), el('span', 'target'), el('span', 'level'), el('span', 'detail'));
        box.append(node);
      }
      node.dataset.level = k.level;
      node.querySelector('.label').textContent = k.label;
      node.querySelector('.value').textContent = k.value;
      node.querySelector('.target').textContent = k.target;
      node.querySelector('.level').textContent = k.levelText;
      node.querySelector('.detail').textContent = k.detail;
    });
  }

  function judged(text, level) {
    var td = el('td', 'num', text + (ICON[level] ? ' ' + ICON[level] : ''));
    td.dataset.level = level;
    td.title = LEVEL[level];
    return td;
  }

  function townRow(r, waitingNow, tag) {
    var tr = el('tr');
    tr.dataset.town = r.id;
    tr.append(el(tag || 'td', '', r.name), el('td', 'num', waitingNow), el('td', 'num', r.offered), el('td', 'num', r.answered), el('td', 'num', r.abandoned),
      judged(r.serviceLevel, r.serviceLevelLevel), judged(r.asa, r.asaLevel), judged(r.fcr, r.fcrLevel));
    return tr;
  }

  function renderTowns() {
    if (!figures) return;
    var perTown = {};
    var all = 0;
    if (live) live.waiting.forEach(function (c) { var k = c.municipality || ''; perTown[k] = (perTown[k] || 0) + 1; all++; });
    var body = $('town-rows');
    body.replaceChildren();
    figures.municipalities.forEach(function (r) { body.append(townRow(r, perTown[r.id] || 0)); });
    var foot = $('town-total');
    foot.replaceChildren(townRow(figures.total, all));
  }

  var plot = null;
  var chartBox = $('chart');

  function chartData() {
    var c = figures.chart;
    var step = c.stepMs / 1000;
    var start = c.dayStart / 1000;
    var n = Math.round((c.dayEnd - c.dayStart) / c.stepMs);
    var xs = [], wait = [], sl = [], target = [];
    var h = -1;
    for (var i = 0; i < n; i++) {
      var t = start + i * step;
      xs.push(t);
      // Each value holds for its whole step: the newest one is drawn up to the end of its step.
      wait.push(i < c.waiting.length ? c.waiting[i] : i === c.waiting.length && i > 0 ? c.waiting[i - 1] : null);
      while (h + 1 < c.hours.length && c.hours[h + 1].start / 1000 <= t) h++;
      sl.push(h >= 0 ? c.hours[h].serviceLevelPct : null);
      target.push(c.targetPct);
    }
    return [xs, wait, sl, target];
  }

  /** Working hours, widened to whatever has data and to now. */
  function chartRange(data) {
    var c = figures.chart;
    var lo = c.dayStart / 1000 + 6 * 3600;
    var hi = c.dayStart / 1000 + 20 * 3600;
    var now = serverNow() / 1000;
    for (var i = 0; i < data[0].length; i++) {
      if (data[1][i] !== null || data[2][i] !== null) { lo = Math.min(lo, data[0][i]); hi = Math.max(hi, data[0][i] + 3600); }
    }
    hi = Math.min(Math.max(hi, now + 1800), c.dayEnd / 1000);
    return [Math.max(lo, c.dayStart / 1000), hi];
  }

  function chartSummary(data) {
    var max = null, at = null, lastSl = null;
    for (var i = 0; i < data[0].length; i++) {
      if (data[1][i] !== null && (max === null || data[1][i] > max)) { max = data[1][i]; at = data[0][i]; }
    }
    figures.chart.hours.forEach(function (hr) { if (hr.serviceLevelPct !== null) lastSl = hr; });
    var parts = [];
    parts.push(max === null ? 'Noch kein Verlauf der Wartenden.' : 'Höchstens ' + max + ' Wartende (um ' + hmFmt.format(at * 1000) + ' Uhr).');
    if (figures.chart.waitingSince !== null && figures.chart.waitingSince - figures.chart.dayStart > 60000) {
      parts.push('Verlauf seit ' + hmFmt.format(figures.chart.waitingSince) + ' Uhr.');
    }
    parts.push(lastSl ? 'Servicelevel ab ' + hmFmt.format(lastSl.start) + ' Uhr: ' + num(lastSl.serviceLevelPct) + ' % (Ziel ' + num(figures.chart.targetPct) + ' %).' : 'Noch kein Servicelevel je Stunde.');
    $('chart-summary').textContent = parts.join(' ');
  }

  /** Points only while the history is short (after a restart): a line of a minute or two is hard to see. */
  function fewWaitingPoints(u) {
    var n = 0;
    var ys = u.data[1];
    for (var i = 0; i < ys.length; i++) if (ys[i] !== null) n++;
    return n <= 10;
  }

  function renderChart() {
    var data = chartData();
    chartSummary(data);
    var U = window.uPlot;
    if (!U) return;
    var range = chartRange(data);
    if (plot) {
      plot.setData(data);
      plot.setScale('x', { min: range[0], max: range[1] });
      return;
    }
    var rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    var font = Math.round(rem * 0.8) + 'px system-ui, sans-serif';
    var stepped = U.paths && U.paths.stepped ? U.paths.stepped({ align: 1 }) : undefined;
    var width = Math.max(280, chartBox.clientWidth);
    plot = new U({
      width: width,
      height: Math.round(Math.max(220, Math.min(420, width * 0.35))),
      tzDate: function (ts) { return U.tzDate(new Date(ts * 1000), timezone); },
      scales: {
        x: { time: true },
        n: { range: function (u, min, max) { return [0, Math.max(4, (max || 0) + 1)]; } },
        pct: { range: [0, 100] }
      },
      series: [
        { label: 'Uhrzeit', value: function (u, v) { return v === null ? '–' : hmFmt.format(v * 1000) + ' Uhr'; } },
        { label: 'Wartende', scale: 'n', stroke: '#003064', fill: 'rgba(0, 48, 100, 0.15)', width: 2, paths: stepped,
          points: { show: fewWaitingPoints, size: 7, fill: '#003064' },
          value: function (u, v) { return v === null ? '–' : String(v); } },
        { label: 'Servicelevel je Stunde', scale: 'pct', stroke: '#047857', width: 3, paths: stepped, points: { show: false },
          value: function (u, v) { return v === null ? '–' : num(v) + ' %'; } },
        { label: 'Ziel', scale: 'pct', stroke: '#b45309', width: 2, dash: [8, 6], points: { show: false },
          value: function (u, v) { return v === null ? '–' : num(v) + ' %'; } }
      ],
      axes: [
        { font: font, values: function (u, splits) { return splits.map(function (v) { return hmFmt.format(v * 1000); }); } },
        { scale: 'n', font: font, label: 'Wartende', labelFont: font, values: function (u, splits) { return splits.map(function (v) { return v % 1 === 0 ? String(v) : ''; }); } },
        { scale: 'pct', side: 1, font: font, label: 'Servicelevel %', labelFont: font, grid: { show: false } }
      ],
      legend: { live: true }
    }, data, chartBox);
    plot.setScale('x', { min: range[0], max: range[1] });
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        var w = Math.max(280, chartBox.clientWidth);
        if (plot && Math.abs(w - plot.width) > 4) plot.setSize({ width: w, height: Math.round(Math.max(220, Math.min(420, w * 0.35))) });
      }).observe(chartBox);
    }
  }

  function renderFigures() {
    if (!figures) return;
    $('date').textContent = figures.dateLabel;
    renderKpis();
    renderTowns();
    $('as-of').textContent = 'Kennzahlen: Stand ' + timeFmt.format(figures.at) + ' Uhr.';
    $('stale').hidden = figures.upToDate;
    try {
      renderChart();
    } catch (err) {
      $('chart-summary').textContent = 'Das Diagramm kann nicht gezeigt werden.';
      if (window.console) console.warn(err);
    }
  }

  // ---- staffing (GET /api/staffing, when the engine serves it) ---------------------------------------

  function share(v) {
    if (typeof v !== 'number' || !isFinite(v)) return '–';
    return num(v > 1 ? v : v * 100) + ' %';
  }

  function renderStaffing(s) {
    var needed = s.agentsNeeded, loggedIn = s.agentsLoggedIn;
    var level = typeof needed !== 'number' || typeof loggedIn !== 'number' ? 'none' : loggedIn >= needed ? 'good' : loggedIn >= needed - 1 ? 'warn' : 'bad';
    $('staff-needed').textContent = num(needed);
    $('staff-tile').dataset.level = level;
    $('staff-level').textContent = level === 'none' ? LEVEL.none : level === 'good' ? LEVEL.good + ': genug angemeldet' : LEVEL[level] + ': zu wenige angemeldet';
    $('staff-logged-in').textContent = num(loggedIn);
    $('staff-ready').textContent = 'davon bereit: ' + num(s.agentsReady);
    $('staff-sl').textContent = share(s.serviceLevelWithLoggedIn);
    var target = s.target || {};
    $('staff-target').textContent = 'Ziel: ' + share(target.share) + ' in ' + num(target.within) + ' s';
    $('staff-basis').textContent = 'Grundlage: ' + num(s.arrivalsPerHour, 1) + ' Anrufe je Stunde in den letzten ' + num(s.windowMinutes) +
      ' Minuten, Ø Bearbeitungszeit ' + mmss((s.ahtSec || 0) * 1000) + ' min, Last ' + num(s.erlangs, 2) + ' Erlang.';
    $('staffing').hidden = false;
  }

  function loadStaffing() {
    fetch('/api/staffing', { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (res) {
      if (res.status !== 200) { $('staffing').hidden = true; return null; }
      return res.json();
    }).then(function (s) {
      if (s && typeof s === 'object') renderStaffing(s);
    }).catch(function () { $('staffing').hidden = true; });
  }

  // ---- the event stream ----------------------------------------------------------------------------

  var source = null;
  var retryTimer = null;

  function connect() {
    retryTimer = null;
    if (source) source.close();
    source = new EventSource('/api/dashboard/events');
    source.addEventListener('live', function (e) {
      live = JSON.parse(e.data);
      skew = Date.now() - live.at;
      renderLive();
    });
    source.addEventListener('figures', function (e) {
      figures = JSON.parse(e.data);
      renderFigures();
    });
    source.onopen = function () { conn('Live', false); };
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (not a lost connection): find out why, then try again.
        source.close();
        conn('Verbindung getrennt.', true);
        checkSignIn();
      } else {
        conn('Verbindung unterbrochen, wird wiederhergestellt …', true);
      }
    };
  }

  function checkSignIn() {
    fetch('/api/whoami', { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (res) {
      if (res.status === 401) {
        var c = conn('Ihre Anmeldung ist abgelaufen. ', true);
        var a = el('a', '', 'Neu anmelden');
        a.href = '/login?next=' + encodeURIComponent(location.pathname);
        c.append(a);
        return;
      }
      retry(5000);
    }, function () { retry(5000); });
  }

  function retry(ms) {
    if (!retryTimer) retryTimer = setTimeout(connect, ms);
  }

  renderLive();
  renderFigures();
  tick();
  setInterval(tick, 1000);
  if (staffingServed) {
    loadStaffing();
    setInterval(loadStaffing, 30000);
  }
  connect();
})();
`;
