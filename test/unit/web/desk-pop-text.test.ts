import { describe, expect, it } from 'vitest';
import type { BorrowTrigger } from '../../../src/domain/partner-overflow.js';
import { REASON_LABELS as OVERFLOW_REASONS } from '../../../src/metrics/engine-metrics.js';
import { REASON_LABELS as REPORT_REASONS } from '../../../src/reports/format.js';
import { fromCenter, noLocalKnowledgeText, partnerKnowledgeLabel, partnerKnowledgeText, popText } from '../../../src/web/client/desk/pop-text.js';
import { REASON, TRIGGER } from '../../../src/web/client/desk/texts.js';
import type { DeskCall, DeskPartner } from '../../../src/web/client/desk/wire.js';

/** The screen pop's German words (src/web/client/desk/pop-text.ts), for this center's callers and for a partner's. */
const call = (over: Partial<DeskCall> = {}): DeskCall => ({
  callId: 'c1',
  phase: 'offering',
  entry: '115',
  service: null,
  municipality: 'kaltenkirchen',
  municipalityName: 'Stadt Kaltenkirchen',
  overflowReason: 'direct-115',
  waitedMs: 12_000,
  earlierCalls7d: 0,
  callback: false,
  outcome: null,
  departments: [],
  fromPartner: null,
  ...over,
});

const PINNEBERG: DeskPartner = {
  center: 'kreis-pinneberg',
  centerName: 'Service-Center Kreis Pinneberg',
  municipality: { id: 'quickborn', name: 'Stadt Quickborn' },
  trigger: 'waited',
  arrivedAt: 1,
  overflowReason: 'town-no-answer',
  entry: 'town',
};

const handedOver = (over: Partial<DeskPartner> = {}): DeskCall =>
  call({ entry: '115', municipality: null, municipalityName: null, overflowReason: 'partner', fromPartner: { ...PINNEBERG, ...over } });

describe('the screen pop in German', () => {
  it("this center's own caller: the number, the town, the way here; no partner", () => {
    expect(popText(call())).toEqual({ entry: '115', town: 'Stadt Kaltenkirchen', waitedHint: '(Rathaus + Warteschlange)', reason: 'Direkt über die 115', partner: null });
    expect(popText(call({ entry: 'town', municipality: null, municipalityName: null, overflowReason: 'town-busy', callback: true }))).toMatchObject({
      entry: 'Gemeinde-Rufnummer, Rückruf',
      town: 'keiner Gemeinde zugeordnet (Kreis)',
      reason: 'Im Rathaus war besetzt',
    });
  });

  it('a handed-over caller: which center and town, why handed over, the whole wait, and how they reached the center there', () => {
    expect(popText(handedOver())).toEqual({
      entry: 'Gemeinde-Rufnummer (Service-Center Kreis Pinneberg)',
      town: 'Stadt Quickborn',
      waitedHint: '(insgesamt, mit der Wartezeit dort)',
      reason: 'Im Rathaus hat niemand abgenommen',
      partner: { banner: 'Übernommen vom Service-Center Kreis Pinneberg', why: 'Dort zu lange gewartet' },
    });
    expect(popText(handedOver({ municipality: null, overflowReason: 'direct-115', entry: '115', trigger: 'closed' }))).toMatchObject({
      entry: '115 (Service-Center Kreis Pinneberg)',
      town: 'keiner Gemeinde zugeordnet (Service-Center Kreis Pinneberg)',
      reason: 'Direkt über die 115',
      partner: { why: 'Dort geschlossen' },
    });
    expect(popText(handedOver({ trigger: 'estimated-wait' })).partner?.why).toBe('Dort lange Wartezeit erwartet');
    expect(popText(handedOver({ trigger: 'nobody-logged-in' })).partner?.why).toBe('Dort niemand angemeldet');
  });

  it('"vom", "von der" or "von" before the center’s name', () => {
    expect(fromCenter('Service-Center Kreis Pinneberg')).toBe('vom Service-Center Kreis Pinneberg');
    expect(fromCenter('Kreis Segeberg')).toBe('vom Kreis Segeberg');
    expect(fromCenter('kreis-segeberg')).toBe('vom kreis-segeberg');
    expect(fromCenter('Bürgerservice Heide')).toBe('vom Bürgerservice Heide');
    expect(fromCenter('Stadt Ludwigshafen')).toBe('von der Stadt Ludwigshafen');
    expect(fromCenter('Ludwigshafen')).toBe('von Ludwigshafen');
    expect(fromCenter('Kreisstadt Heide')).toBe('von Kreisstadt Heide');
  });

  it('says plainly that there is no local knowledge for the partner’s town, and that the search still helps', () => {
    expect(noLocalKnowledgeText(PINNEBERG)).toBe(
      'Stadt Quickborn: kein Ortswissen hier. Die Wissensdatenbank kennt nur die Gemeinden unseres Service-Centers; die Suche zeigt die allgemeinen Angaben.',
    );
    expect(noLocalKnowledgeText({ ...PINNEBERG, municipality: null })).toMatch(/^Service-Center Kreis Pinneberg: kein Ortswissen hier\./);
  });

  it('labels the partner center’s knowledge as theirs, for their town', () => {
    expect(partnerKnowledgeLabel('Service-Center Kreis Pinneberg')).toBe('Wissen des Service-Centers Kreis Pinneberg');
    expect(partnerKnowledgeLabel('Servicecenter Kreis Pinneberg')).toBe('Wissen des Service-Centers Kreis Pinneberg');
    expect(partnerKnowledgeLabel('Bürgerservice Heide')).toBe('Wissen von Bürgerservice Heide');
    expect(partnerKnowledgeText(PINNEBERG)).toBe('Wissen des Service-Centers Kreis Pinneberg: was dort für Stadt Quickborn gilt.');
    expect(partnerKnowledgeText({ ...PINNEBERG, municipality: null })).toBe('Wissen des Service-Centers Kreis Pinneberg: was dort gilt.');
  });

  it('every overflow reason has German words on the desk and in the reports, the partner’s too; every handover reason on the desk', () => {
    for (const reason of OVERFLOW_REASONS) {
      expect(REASON[reason], reason).toMatch(/^[A-ZÄÖÜ]/);
      expect(REPORT_REASONS[reason], reason).toMatch(/^[0-9A-ZÄÖÜ]/);
    }
    expect(REASON['partner']).toBe('Von Partner-Center übernommen');
    expect(REPORT_REASONS['partner']).toBe('Von Partner-Center übernommen');
    const triggers: Record<BorrowTrigger, true> = { waited: true, 'estimated-wait': true, closed: true, 'nobody-logged-in': true };
    expect(Object.keys(TRIGGER).sort()).toEqual(Object.keys(triggers).sort());
  });
});
