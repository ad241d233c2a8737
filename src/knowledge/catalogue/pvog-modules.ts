/**
 * The text modules of a PVOG description (`details[].code`, the LeiKa module codes as the search
 * service returns them) the import reads, in the order the imported full text lists them. Other
 * modules (release notes, portal ids, …) are left out: they change without the service changing.
 */
export const PVOG_MODULES = [
  { code: '24', heading: 'Kurzbeschreibung' },
  { code: '06', heading: 'Beschreibung' },
  { code: '09', heading: 'Voraussetzungen' },
  { code: '08', heading: 'Erforderliche Unterlagen' },
  { code: '11', heading: 'Verfahrensablauf' },
  { code: '98', heading: 'Kosten' },
  { code: '95', heading: 'Bearbeitungsdauer' },
  { code: '97', heading: 'Fristen' },
  { code: '16', heading: 'Hinweise' },
  { code: '07', heading: 'Rechtsgrundlagen' },
  { code: '15', heading: 'Weiterführende Informationen' },
] as const;

export type PvogModuleCode = (typeof PVOG_MODULES)[number]['code'];

/** The module a draft answer is cut from, and the one used when it is missing. */
export const SUMMARY_MODULES: readonly PvogModuleCode[] = ['06', '24'];
export const DOCUMENTS_MODULE: PvogModuleCode = '08';
export const FEES_MODULE: PvogModuleCode = '98';
export const PROCESSING_TIME_MODULE: PvogModuleCode = '95';

/** Role of an organisation that is responsible for the service (`organisations[].role`). */
export const isResponsibleRole = (role: { code?: string | null; name?: string | null } | null | undefined): boolean =>
  role?.code === '01' || /zuständig/i.test(role?.name ?? '');
