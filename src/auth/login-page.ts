import type { Principal } from './principal.js';
import { escapeHtml } from '../web/html.js';

/**
 * The sign-in page (German, plain HTML and a few lines of inline CSS: no script, no framework, no
 * external resources), and the page a signed-in person sees at /login.
 */

/** Headers for the pages: no caching, no framing, nothing loaded from elsewhere. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;


const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f3f4f6;color:#111}
main{max-width:22rem;margin:12vh auto;padding:1.5rem 2rem;background:#fff;border:1px solid #d1d5db;border-radius:6px}
h1{font-size:1.3rem;margin:0 0 1rem}
label{display:block;margin:.8rem 0 .2rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #9ca3af;border-radius:4px}
button{margin-top:1.2rem;width:100%;padding:.6rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:4px;cursor:pointer}
button:focus,input:focus{outline:3px solid #93c5fd}
.error{padding:.6rem;background:#fee2e2;border:1px solid #fca5a5;border-radius:4px}
`;

const layout = (title: string, body: string): string =>
  `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Service-Center</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;

export interface LoginFormState {
  /** The id typed last time, shown again after a failure. */
  readonly id?: string;
  /** Where to go after signing in (a path on this server). */
  readonly next?: string;
  /** A German message shown above the form. */
  readonly error?: string;
}

export const loginForm = ({ id = '', next, error }: LoginFormState = {}): string =>
  layout(
    'Anmelden',
    `<h1>Anmelden</h1>
${error === undefined ? '' : `<p class="error" role="alert">${escapeHtml(error)}</p>\n`}<form method="post" action="/login">
<label for="id">Kennung</label>
<input id="id" name="id" value="${escapeHtml(id)}" autocomplete="username" autocapitalize="none" spellcheck="false" required${id === '' ? ' autofocus' : ''}>
<label for="secret">Passwort</label>
<input id="secret" name="secret" type="password" autocomplete="current-password" required${id === '' ? '' : ' autofocus'}>
${next === undefined ? '' : `<input type="hidden" name="next" value="${escapeHtml(next)}">\n`}<button type="submit">Anmelden</button>
</form>`,
  );

const ROLE_LABELS: Readonly<Record<Principal['role'], string>> = {
  agent: 'Service-Center',
  'town-staff': 'Gemeinde',
  operator: 'Teamleitung',
  editor: 'Redaktion Wissensdatenbank',
};

const describe = (p: Principal): string => {
  switch (p.role) {
    case 'agent':
      return `${ROLE_LABELS.agent}, Platz ${p.agentId}`;
    case 'town-staff':
      return `${ROLE_LABELS['town-staff']} ${p.town}`;
    case 'operator':
      return p.platform === true ? `${ROLE_LABELS.operator}, Plattform-Betreuung (alle Service-Center: /platform)` : ROLE_LABELS.operator;
    case 'editor':
      return ROLE_LABELS.editor;
  }
};

export const signedInPage = (principal: Principal): string =>
  layout(
    'Angemeldet',
    `<h1>Angemeldet</h1>
<p>Sie sind angemeldet als <strong>${escapeHtml(principal.name)}</strong> (${escapeHtml(describe(principal))}).</p>
<form method="post" action="/logout">
<button type="submit">Abmelden</button>
</form>`,
  );

/** German messages of the form. */
export const MESSAGES = {
  missing: 'Bitte geben Sie Kennung und Passwort ein.',
  refused: 'Kennung oder Passwort ist falsch.',
  throttled: (minutes: number) =>
    `Zu viele fehlgeschlagene Anmeldeversuche. Bitte versuchen Sie es in ${minutes === 1 ? 'einer Minute' : `${minutes} Minuten`} noch einmal.`,
  addressThrottled: (minutes: number) =>
    `Zu viele Anmeldeversuche von diesem Anschluss. Bitte versuchen Sie es in ${minutes === 1 ? 'einer Minute' : `${minutes} Minuten`} noch einmal.`,
  busy: 'Die Anmeldung ist gerade ausgelastet. Bitte versuchen Sie es in einem Moment noch einmal.',
} as const;

/** The page a signed-in person sees at a page their role may not open (403). */
export const deniedPageHtml = (message: string): string =>
  layout(
    'Kein Zugang',
    `<h1>Kein Zugang</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/login">Zur Anmeldung</a></p>`,
  );
