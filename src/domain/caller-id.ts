/**
 * Caller ids that identify nobody. A withheld number reaches Asterisk as a From header
 * `"Anonymous" <sip:anonymous@anonymous.invalid>` (RFC 3323; the trunk does not trust the asserted
 * identity, dialplan/pjsip.conf), so the channel's caller number is `anonymous`; some carriers send
 * `unknown` or `restricted`, and a caller without any id arrives empty.
 *
 * The statistics exclude the salted hashes of these (`unknownCallerHashes`), the desk's screen pop
 * never counts them as earlier calls, and the caller history never records them.
 */
export const UNKNOWN_CALLER_IDS: readonly string[] = ['', 'anonymous', 'Anonymous', 'unknown', 'Unknown', 'restricted'];

/** Whether a caller number identifies nobody (withheld, anonymous or empty); compared as the hash sees it, trimmed. */
export const identifiesNobody = (callerNumber: string): boolean => UNKNOWN_CALLER_IDS.includes(callerNumber.trim());
