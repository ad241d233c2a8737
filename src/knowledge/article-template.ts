import { COUNTY_SECTION } from './article.js';

/**
 * The text a new article starts from on the editors' page: a draft that passes validation once
 * its id is set, with comments naming the other fields (comments are not kept: the engine stores
 * the article and writes its file in canonical form, docs/knowledge-base.md).
 */
export const newArticleTemplate = (today: string, towns: readonly string[]): string => `# Neuer Artikel: Kennung (id) ändern, Texte ausfüllen, speichern.
# Die Kennung ist zugleich der Dateiname: a–z, 0–9 und -, z. B. hund-anmelden.
id: neuer-artikel
# service (eine Verwaltungsleistung) oder topic (ein örtliches Anliegen)
kind: service
# draft: für Agentinnen und Agenten noch nicht sichtbar; published: sichtbar
status: draft
title: Titel des Artikels
synonyms:
  - anderes Wort, das Anrufende benutzen
answer: >-
  Was am Telefon gesagt wird: wenige Sätze, höchstens 700 Zeichen.
# documents: [mitzubringen, je Zeile ein Punkt]; fees, processingTime, office: allgemein
checked:
  on: ${today}
  by: Redaktion Service-Center
# Abschnitte je Gemeinde (${[...towns, COUNTY_SECTION].join(', ')}), alle Felder freiwillig:
# sections:
#   ${towns[0] ?? COUNTY_SECTION}:
#     office: Bürgerbüro
#     hours: Mo–Fr 8–12 Uhr
#     department: buergerbuero
`;
