/**
 * The knowledge base in the agent desktop (page.ts places these parts): in the screen pop, the
 * caller's municipality's town facts and the articles asked most there; above the outcome, the
 * call's topics; beside the call, the search and the open article. The page script fills them
 * (src/web/client/desk/knowledge-*.ts), with text only.
 */

export const KNOWLEDGE_STYLE = `
  @media (min-width: 75rem) {
    main { max-width: 104rem; grid-template-columns: 20rem minmax(0, 1fr) minmax(0, 1.3fr); }
    #kb { grid-column: 3; grid-row: 1 / span 3; }
  }
  @media (min-width: 60rem) and (max-width: 74.99rem) { #kb { grid-column: 1 / -1; } }
  #pop-facts { margin: 0.8rem 0 0; padding: 0.5rem 0.7rem; background: #f0f6ff; border-radius: 4px; }
  #pop-facts h3, #pop-suggestions-title { margin-top: 0.2rem; }
  ul.kb-list { list-style: none; padding: 0; margin: 0.3rem 0; }
  ul.kb-list li { padding: 0.15rem 0; display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap; }
  button.link { background: none; border: none; color: #003064; padding: 0; text-decoration: underline; text-align: left; }
  #kb-query { width: 100%; box-sizing: border-box; font-size: 1.05rem; }
  .kb-answer { font-size: 1.15rem; line-height: 1.5; background: #fffbea; border-left: 4px solid #d97706; padding: 0.6rem 0.8rem; margin: 0.5rem 0; }
  #kb-article h3 { font-size: 1.2rem; margin-top: 0.8rem; }
  .kb-stale { color: #991b1b; font-weight: 600; }
  .kb-local { border: 2px solid #003064; border-radius: 4px; padding: 0.5rem 0.7rem; margin: 0.6rem 0; }
  .kb-local h4, #kb-article h4 { margin: 0 0 0.4rem; font-size: 1rem; }
  #kb-article details { margin: 0.5rem 0; }
  #kb-article details dl { margin: 0.3rem 0 0.6rem; }
  #call-topics li button { font-size: 0.85rem; padding: 0.1rem 0.5rem; }
`;

/** Inside the screen pop: town facts and suggestions; for a handed-over caller, that there is no local knowledge for their town. */
export const POP_KNOWLEDGE_HTML = `<p id="pop-no-local" class="hint" hidden></p>
<div id="pop-facts" hidden>
<h3 id="pop-facts-title"></h3>
<dl id="pop-facts-list"></dl>
<div class="row"><button type="button" class="link" id="pop-facts-open">Ortsartikel öffnen</button><span id="pop-facts-stale" class="kb-stale" hidden>länger nicht geprüft</span></div>
</div>
<h3 id="pop-suggestions-title" hidden>Häufig gefragt</h3>
<ul class="kb-list" id="pop-suggestions" aria-labelledby="pop-suggestions-title"></ul>`;

/** Above the outcome buttons: the articles opened during the call, sent with the outcome. */
export const CALL_TOPICS_HTML = `<h3 id="call-topics-title">Themen des Anrufs</h3>
<p id="call-topics-empty" class="hint">Noch keine: geöffnete Artikel werden hier gemerkt und mit dem Ergebnis gespeichert.</p>
<ul class="kb-list" id="call-topics" aria-labelledby="call-topics-title"></ul>`;

/** Beside the call: the search as the agent types, its hits and the open article. */
export const KNOWLEDGE_SECTION_HTML = `<section id="kb" aria-labelledby="kb-title">
<h2 id="kb-title">Wissensdatenbank</h2>
<label for="kb-query">Suchen</label>
<input type="search" id="kb-query" maxlength="200" autocomplete="off" spellcheck="false" placeholder="z. B. Reisepass, Sperrmüll, Hund">
<p id="kb-search-state" class="hint" role="status" aria-live="polite"></p>
<ul class="kb-list" id="kb-hits" aria-label="Suchergebnisse"></ul>
<article id="kb-article" hidden aria-labelledby="kb-article-title"></article>
</section>`;
