/**
 * The agent desktop's script (plain ES2017 for any current browser, no build step), served at
 * `/desk/desk.js`. It renders the desk view embedded in the page, then keeps it live through the
 * server-sent events of `/api/agents/:id/events` (the browser reconnects by itself; a stream the
 * server refused is retried after checking the sign-in). Actions go to the JSON API with the
 * session cookie. Values from the API only ever reach the page through textContent.
 *
 * Written with String.raw so that the regular expressions keep their backslashes; it must not
 * contain a template placeholder.
 */
export const DESK_JS = String.raw`'use strict';
(function () {
  var root = document.getElementById('desk');
  var agentId = root.dataset.agent;
  var countyId = root.dataset.county;
  var timezone = root.dataset.timezone;
  function $(id) { return document.getElementById(id); }

  var STATUS = { available: 'Bereit', offered: 'Klingelt', busy: 'Im Gespräch', 'wrap-up': 'Nachbearbeitung', paused: 'Pause', 'logged-out': 'Abgemeldet' };
  var PAUSE = {
    'break': 'Pause', meeting: 'Besprechung', training: 'Schulung', other: 'Sonstiges',
    'no-answer': 'Anruf nicht angenommen', unreachable: 'Telefon nicht erreichbar', unregistered: 'Telefon nicht angemeldet'
  };
  var REASON = {
    'direct-115': 'Direkt über die 115',
    'town-no-answer': 'Im Rathaus hat niemand abgenommen',
    'town-busy': 'Im Rathaus war besetzt',
    'town-unreachable': 'Das Rathaus war nicht erreichbar',
    'town-unregistered': 'Im Rathaus war kein Telefon angemeldet',
    'town-closed': 'Das Rathaus hat gerade geschlossen',
    'switchboard': 'Die Gemeinde lässt ihre Rufnummer vom Service-Center annehmen',
    'town-ring-limit': 'Im Rathaus klingelten schon zu viele Anrufe'
  };
  var OUTCOME = { resolved: 'Fallabschließend gelöst', transferred: 'An Fachamt übergeben', 'callback-note': 'Rückrufnotiz' };
  var FIELD = { name: 'Name', topic: 'Thema', text: 'Anliegen', department: 'Fachamt', callerNumber: 'Rückrufnummer', municipality: 'Gemeinde', callId: 'Anruf' };
  var PHONE = /^\+?[0-9][0-9 \/()-]*[0-9]$/;
  var clock = new Intl.DateTimeFormat('de-DE', { timeZone: timezone, hour: '2-digit', minute: '2-digit' });

  var initial = $('initial-desk');
  var view = JSON.parse((initial && initial.textContent) || 'null');
  var skew = view ? Date.now() - view.at : 0;
  var shownCall = null;      // the call id the pop and the forms were set up for
  var filed = null;          // { callId, outcome, department } filed from this page
  var savedNote = null;      // { callId, id } the callback note saved for the call
  var lastTransfer = null;   // { callId, department, mode, stage } the last transfer seen
  var pending = false;       // a request of ours is under way
  var wasWorking = null;     // { callId, outcome } while busy / in wrap-up, to say how it ended

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text, isError) {
    var m = $('message');
    m.textContent = text;
    m.className = isError ? 'error' : '';
  }

  function loginLink(target) {
    var a = el('a', '', 'Neu anmelden');
    a.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    target.append(' ', a);
  }

  function mmss(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var m = Math.floor(s / 60);
    s = s % 60;
    return (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
  }

  function serverNow() { return Date.now() - skew; }

  function departmentName(call, id) {
    var deps = (call && call.departments) || [];
    for (var i = 0; i < deps.length; i++) if (deps[i].id === id) return deps[i].name;
    return id;
  }

  function errorText(status, body) {
    var code = body && body.error && body.error.code;
    if (status === 401) return 'Ihre Anmeldung ist abgelaufen.';
    if (status === 403) return 'Dafür fehlt Ihnen die Berechtigung.';
    if (status === 429) return 'Zu viele fehlgeschlagene Anmeldungen. Bitte später erneut versuchen.';
    if (code === 'ON_A_CALL') return 'Während eines Anrufs nicht möglich.';
    if (code === 'WRAP_UP_OVER') return 'Die Nachbearbeitung ist vorbei: das Ergebnis des Anrufs steht schon fest.';
    if (code === 'NOT_TALKING') return 'Sie sprechen gerade nicht mit der Anruferin / dem Anrufer.';
    if (code === 'TRANSFER_IN_PROGRESS') return 'Es läuft schon eine Übergabe.';
    if (code === 'NO_TRANSFER') return 'Es läuft keine Übergabe.';
    if (body && body.error && body.error.problems) {
      return 'Bitte prüfen: ' + body.error.problems.map(function (p) {
        return typeof p === 'string' ? p : (FIELD[p.path] || p.path || 'Eingabe') + ': ' + p.message;
      }).join('; ');
    }
    var detail = body && body.error && body.error.message ? ' (' + body.error.message + ')' : '';
    return 'Das hat nicht geklappt: Fehler ' + status + detail + '.';
  }

  function request(method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (res) {
      return res.json().catch(function () { return null; }).then(function (data) {
        if (!res.ok) {
          var err = new Error(errorText(res.status, data));
          err.status = res.status;
          throw err;
        }
        return data;
      });
    }, function () { throw new Error('Keine Verbindung zum Server.'); });
  }

  /** Runs one action at a time; its buttons are disabled meanwhile. */
  function act(run) {
    if (pending) return;
    pending = true;
    render();
    Promise.resolve().then(run).catch(function (err) {
      say(err.message || 'Das hat nicht geklappt.', true);
      if (err.status === 401) loginLink($('message'));
    }).then(function () {
      pending = false;
      render();
      if (!live) refresh();
    });
  }

  var agentPath = '/api/agents/' + encodeURIComponent(agentId);
  function callPath(call, rest) { return '/api/calls/' + encodeURIComponent(call.callId) + rest; }

  // ---- rendering -------------------------------------------------------------------------------

  function apply(next) {
    if (!next) return;
    view = next;
    skew = Date.now() - next.at;
    render();
  }

  function render() {
    var agent = view && view.agent;
    var status = agent ? agent.status : '';
    var label = agent ? (STATUS[status] || status) : 'unbekannt';
    if (status === 'paused') label += ' (' + (PAUSE[agent.pauseReason] || agent.pauseReason || 'ohne Grund') + ')';
    var state = $('state');
    if (state.textContent !== label) state.textContent = label;
    state.dataset.status = status;
    if (agent && agent.name) $('agent-name').textContent = agent.name;

    var away = status === 'available' || status === 'paused' || status === 'wrap-up';
    $('btn-login').disabled = pending || status !== 'logged-out';
    $('btn-ready').disabled = pending || !(status === 'paused' || status === 'wrap-up' || status === 'logged-out');
    $('btn-ready').title = status === 'wrap-up' ? 'Beendet die Nachbearbeitung' : '';
    $('btn-pause').disabled = pending || !away;
    $('pause-reason').disabled = pending || !away;
    $('btn-logout').disabled = pending || !away;

    var working = (status === 'busy' || status === 'wrap-up') && view.call;
    if (wasWorking && (!working || wasWorking.callId !== view.call.callId)) {
      var done = filed && filed.callId === wasWorking.callId ? OUTCOME[filed.outcome] : null;
      say(done ? 'Anruf abgeschlossen. Ergebnis: ' + done + '.' : 'Anruf abgeschlossen, ohne erfasstes Ergebnis.', false);
    }
    wasWorking = working ? { callId: view.call.callId } : null;

    renderCall(status);
    tick();
  }

  function renderCall(status) {
    var call = view && view.call;
    var section = $('call');
    section.className = status === 'offered' ? 'ringing' : '';
    if (!call) {
      $('no-call').hidden = false;
      $('pop').hidden = true;
      $('work').hidden = true;
      shownCall = null;
      return;
    }
    if (call.callId !== shownCall) newCall(call);
    $('no-call').hidden = true;
    $('pop').hidden = false;
    var summary = status === 'offered' ? 'Ein Anruf klingelt an Ihrem Telefon.' : status === 'busy' ? 'Sie sprechen mit der Anruferin / dem Anrufer.' : status === 'wrap-up' ? 'Nachbearbeitung des Anrufs.' : 'Anruf';
    setText('pop-summary', summary);
    var entry = call.entry === '115' ? (call.service ? '115 (' + call.service + ')' : '115') : 'Gemeinde-Rufnummer';
    if (call.callback) entry += ', Rückruf';
    setText('pop-entry', entry);
    setText('pop-town', call.municipalityName || 'keiner Gemeinde zugeordnet (Kreis)');
    setText('pop-reason', REASON[call.overflowReason] || call.overflowReason || '–');
    var n = call.earlierCalls7d || 0;
    setText('pop-repeat', n > 0 ? 'Hat in den letzten 7 Tagen schon ' + n + '-mal angerufen.' : 'Kein Anruf in den letzten 7 Tagen.');
    $('pop-repeat').className = n > 0 ? 'repeat' : '';
    $('pop-callback').hidden = !call.callback;

    var working = status === 'busy' || status === 'wrap-up';
    $('work').hidden = !working;
    renderOutcome(call, status, working);
    renderTransfer(call, status);
    renderNote(call, working);
  }

  function setText(id, text) {
    var node = $(id);
    if (node.textContent !== text) node.textContent = text;
  }

  function newCall(call) {
    shownCall = call.callId;
    say('', false);
    if (!filed || filed.callId !== call.callId) filed = null;
    if (!savedNote || savedNote.callId !== call.callId) savedNote = null;
    if (!lastTransfer || lastTransfer.callId !== call.callId) lastTransfer = null;
    var form = $('note-form');
    form.reset();
    $('note-number').disabled = true;
    $('note-number').required = false;
    setText('note-state', '');
    var select = $('note-department');
    while (select.options.length > 1) select.remove(1);
    call.departments.forEach(function (d) {
      var option = el('option', '', d.name);
      option.value = d.id;
      select.append(option);
    });
    var list = $('departments');
    list.replaceChildren.apply(list, call.departments.map(function (d) {
      var li = el('li');
      li.append(el('span', '', d.name));
      var warm = el('button', 'transfer', 'Übergeben (mit Rückfrage)');
      warm.type = 'button';
      warm.dataset.department = d.id;
      warm.dataset.mode = 'warm';
      warm.setAttribute('aria-label', 'Übergeben (mit Rückfrage) an ' + d.name);
      var blind = el('button', 'transfer secondary', 'Direkt übergeben');
      blind.type = 'button';
      blind.dataset.department = d.id;
      blind.dataset.mode = 'blind';
      blind.setAttribute('aria-label', 'Direkt übergeben an ' + d.name);
      li.append(warm, blind);
      return li;
    }));
  }

  function renderOutcome(call, status, working) {
    // What this page filed, or else what the server holds (after a reload, or filed elsewhere).
    var mine = filed && filed.callId === call.callId ? filed : call.outcome ? { callId: call.callId, outcome: call.outcome } : null;
    var buttons = document.querySelectorAll('button.outcome');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = pending || !working;
      buttons[i].setAttribute('aria-pressed', mine && mine.outcome === buttons[i].dataset.outcome ? 'true' : 'false');
    }
    var text;
    if (mine) {
      text = 'Erfasst: ' + OUTCOME[mine.outcome] + (mine.department ? ' (' + departmentName(call, mine.department) + ')' : '') +
        (status === 'wrap-up' ? '. Endgültig mit dem Ende der Nachbearbeitung oder mit »Bereit«.' : '. Endgültig mit dem Ende der Nachbearbeitung.');
    } else {
      text = 'Noch kein Ergebnis erfasst.' + (status === 'wrap-up' ? ' Ohne Ergebnis zählt der Anruf als »nicht eingeordnet«.' : '');
    }
    setText('outcome-state', text);
  }

  function renderTransfer(call, status) {
    var t = call.transfer;
    var box = $('transfer');
    box.hidden = call.departments.length === 0 || !(status === 'busy' || t || lastTransfer);
    var canStart = !pending && status === 'busy' && call.phase === 'connected' && !t;
    var buttons = box.querySelectorAll('button.transfer');
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = !canStart;
    var complete = $('btn-transfer-complete');
    var cancel = $('btn-transfer-cancel');
    complete.hidden = !(t && t.stage === 'consulting' && t.mode === 'warm' && status === 'busy');
    cancel.hidden = !(t && !t.agentGone && status === 'busy');
    complete.disabled = pending;
    cancel.disabled = pending;
    var text = '';
    if (t) {
      var name = departmentName(call, t.department);
      if (t.stage === 'ringing') text = name + ' wird angerufen (' + (t.mode === 'warm' ? 'mit Rückfrage' : 'direkt') + '). Die Anruferin / der Anrufer hört Wartemusik.';
      else if (t.mode === 'warm') text = 'Rückfrage mit ' + name + ': Sie sprechen mit der Sachbearbeitung. Die Anruferin / der Anrufer hört Wartemusik.';
      else text = name + ' hat angenommen: die Anruferin / der Anrufer wird verbunden.';
      lastTransfer = { callId: call.callId, department: t.department, mode: t.mode, stage: t.stage };
    } else if (lastTransfer && lastTransfer.callId === call.callId) {
      var last = departmentName(call, lastTransfer.department);
      text = status === 'busy'
        ? 'Übergabe an ' + last + ' beendet: Die Anruferin / der Anrufer ist wieder bei Ihnen. Sie können stattdessen eine Rückrufnotiz anlegen.'
        : 'An ' + last + ' übergeben.';
    }
    setText('transfer-state', text);
  }

  function renderNote(call, working) {
    var saved = savedNote && savedNote.callId === call.callId;
    var form = $('note-form');
    var fields = form.querySelectorAll('input, textarea, select, button');
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].id === 'note-number') fields[i].disabled = pending || saved || !working || !$('note-consent').checked;
      else fields[i].disabled = pending || saved || !working;
    }
    if (saved) setText('note-state', 'Rückrufnotiz gespeichert (Nr. ' + savedNote.id + ').');
  }

  /** Once a second: the caller's wait while the phone rings, the wrap-up's remaining time. */
  function tick() {
    var agent = view && view.agent;
    var call = view && view.call;
    if (call) {
      var waited = call.waitedMs + (agent && agent.status === 'offered' ? Math.max(0, serverNow() - view.at) : 0);
      setText('pop-waited', mmss(waited));
    }
    var detail = '';
    if (agent && agent.status === 'wrap-up' && agent.wrapUpUntil) detail = 'noch ' + mmss(agent.wrapUpUntil - serverNow()) + ' Min.';
    else if (agent && agent.since) detail = 'seit ' + clock.format(agent.since) + ' Uhr';
    setText('state-since', detail);
  }

  // ---- actions ---------------------------------------------------------------------------------

  $('btn-login').addEventListener('click', function () {
    act(function () { return request('POST', agentPath + '/login').then(function () { say('Angemeldet.', false); }); });
  });
  $('btn-ready').addEventListener('click', function () {
    // Out of a wrap-up, the end of the call is what the agent is told (see render).
    var fromWrapUp = view && view.agent.status === 'wrap-up';
    act(function () { return request('POST', agentPath + '/ready').then(function () { if (!fromWrapUp) say('Bereit für Anrufe.', false); }); });
  });
  $('btn-pause').addEventListener('click', function () {
    var reason = $('pause-reason').value;
    act(function () { return request('POST', agentPath + '/pause', { reason: reason }).then(function () { say('Pause: ' + PAUSE[reason] + '.', false); }); });
  });
  $('btn-logout').addEventListener('click', function () {
    act(function () { return request('POST', agentPath + '/logout').then(function () { say('Abgemeldet: Sie bekommen keine Anrufe.', false); }); });
  });

  function fileOutcome(call, outcome, extra) {
    var body = { outcome: outcome };
    if (extra && extra.department) body.department = extra.department;
    if (extra && extra.noteId) body.noteId = extra.noteId;
    return request('POST', callPath(call, '/outcome'), body).then(function () {
      filed = { callId: call.callId, outcome: outcome, department: body.department };
      say('Ergebnis erfasst: ' + OUTCOME[outcome] + '.', false);
    });
  }

  document.querySelectorAll('button.outcome').forEach(function (button) {
    button.addEventListener('click', function () {
      var call = view && view.call;
      if (!call) return;
      var outcome = button.dataset.outcome;
      if (outcome === 'callback-note') {
        if (savedNote && savedNote.callId === call.callId) {
          act(function () { return fileOutcome(call, outcome, { noteId: savedNote.id }); });
        } else {
          say('Bitte die Rückrufnotiz ausfüllen und speichern: damit ist auch das Ergebnis erfasst.', false);
          $('note-name').focus();
        }
        return;
      }
      var department = outcome === 'transferred' && lastTransfer && lastTransfer.callId === call.callId ? lastTransfer.department : undefined;
      act(function () { return fileOutcome(call, outcome, { department: department }); });
    });
  });

  $('departments').addEventListener('click', function (ev) {
    var button = ev.target.closest('button.transfer');
    var call = view && view.call;
    if (!button || !call) return;
    var department = button.dataset.department;
    var mode = button.dataset.mode;
    act(function () {
      return request('POST', callPath(call, '/transfer'), { department: department, mode: mode }).then(function () {
        lastTransfer = { callId: call.callId, department: department, mode: mode, stage: 'ringing' };
        say('Übergabe an ' + departmentName(call, department) + ' eingeleitet.', false);
      });
    });
  });
  $('btn-transfer-complete').addEventListener('click', function () {
    var call = view && view.call;
    if (call) act(function () { return request('POST', callPath(call, '/transfer/complete'), {}).then(function () { say('Gespräch übergeben.', false); }); });
  });
  $('btn-transfer-cancel').addEventListener('click', function () {
    var call = view && view.call;
    if (call) act(function () { return request('POST', callPath(call, '/transfer/cancel'), {}).then(function () { say('Übergabe abgebrochen.', false); }); });
  });

  $('note-consent').addEventListener('change', function () {
    var number = $('note-number');
    number.disabled = !this.checked;
    number.required = this.checked;
    if (!this.checked) number.value = '';
  });

  $('note-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var call = view && view.call;
    if (!call) return;
    var name = $('note-name').value.trim();
    var topic = $('note-topic').value.trim();
    var text = $('note-text').value.trim();
    var consent = $('note-consent').checked;
    var number = $('note-number').value.trim();
    var missing = [];
    if (!name) missing.push('Name');
    if (!topic) missing.push('Thema');
    if (!text) missing.push('Anliegen');
    if (consent && !number) missing.push('Rückrufnummer');
    if (missing.length > 0) {
      say('Bitte ausfüllen: ' + missing.join(', ') + '.', true);
      return;
    }
    if (consent && !PHONE.test(number)) {
      say('Die Rückrufnummer bitte nur mit Ziffern schreiben, z. B. 04106 123456.', true);
      $('note-number').focus();
      return;
    }
    var departmentId = $('note-department').value;
    var body = { callId: call.callId, municipality: call.municipality || countyId, name: name, topic: topic, text: text };
    if (departmentId) body.department = departmentName(call, departmentId);
    if (consent) {
      body.callerConsent = true;
      body.callerNumber = number;
    }
    act(function () {
      return request('POST', '/api/notes', body).then(function (note) {
        savedNote = { callId: call.callId, id: note.id };
        return fileOutcome(call, 'callback-note', { noteId: note.id, department: departmentId || undefined }).then(function () {
          say('Rückrufnotiz gespeichert und als Ergebnis erfasst.', false);
        }, function (err) {
          throw new Error('Rückrufnotiz gespeichert, aber das Ergebnis wurde nicht erfasst: ' + err.message);
        });
      });
    });
  });

  // ---- live updates ----------------------------------------------------------------------------

  var live = false;
  var source = null;
  var retryTimer = null;

  function connState(text, isError) {
    var c = $('conn');
    c.textContent = text;
    c.className = isError ? 'error' : '';
    return c;
  }

  function connect() {
    retryTimer = null;
    source = new EventSource(agentPath + '/events');
    source.addEventListener('desk', function (e) {
      live = true;
      apply(JSON.parse(e.data));
    });
    source.onopen = function () {
      live = true;
      connState('Live verbunden.', false);
    };
    source.onerror = function () {
      live = false;
      if (source.readyState === EventSource.CLOSED) {
        // The server refused the stream (not a lost connection): find out why, then try again.
        source.close();
        connState('Verbindung getrennt.', true);
        refresh(true);
      } else {
        connState('Verbindung unterbrochen, wird wiederhergestellt …', true);
      }
    };
  }

  /** The desk view once over plain HTTP; with reconnect, a new event stream afterwards. */
  function refresh(reconnect) {
    request('GET', agentPath + '/desk').then(function (next) {
      apply(next);
      if (reconnect) retry(2000);
    }, function (err) {
      if (err.status === 401) {
        loginLink(connState('Ihre Anmeldung ist abgelaufen.', true));
        return;
      }
      if (reconnect) {
        connState('Keine Verbindung zum Server, neuer Versuch in Kürze …', true);
        retry(5000);
      }
    });
  }

  function retry(ms) {
    if (!retryTimer) retryTimer = setTimeout(connect, ms);
  }

  render();
  setInterval(tick, 1000);
  connect();
})();
`;
