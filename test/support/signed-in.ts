import { credentialOf, MemoryLoginThrottle, MemorySessionStore, type AuthOptions } from '../../src/auth/index.js';
import type { Person } from '../../src/config/deployment.js';
import type { AgentId, TownId } from '../../src/domain/ids.js';

/** A well-formed hash nobody's secret matches: sessions below are made directly, not by signing in. */
const NO_SECRET = `scrypt$${Buffer.alloc(16, 7).toString('base64')}$${Buffer.alloc(32, 7).toString('base64')}`;

/** People of every role for in-process server tests: two agents, staff of two towns, an operator. */
export const TEST_PEOPLE: readonly Person[] = [
  { id: 'agent-1', name: 'Anna Petersen', role: 'agent', agentId: 'agent-1' as AgentId, secretHash: NO_SECRET },
  { id: 'agent-2', name: 'Ben Ohlsen', role: 'agent', agentId: 'agent-2' as AgentId, secretHash: NO_SECRET },
  { id: 'clerk-quickborn', name: 'Clara Quickborn', role: 'town-staff', town: 'quickborn' as TownId, secretHash: NO_SECRET },
  { id: 'clerk-hasloh', name: 'Dirk Hasloh', role: 'town-staff', town: 'hasloh' as TownId, secretHash: NO_SECRET },
  { id: 'teamlead', name: 'Eva Teamleitung', role: 'operator', secretHash: NO_SECRET },
];

/**
 * Sign-in for `app.inject` tests of one process: sessions in memory, made directly for a person
 * (`headers(personId)` gives the cookie header), so no test waits for scrypt.
 */
export const signedIn = (people: readonly Person[] = TEST_PEOPLE) => {
  const sessions = new MemorySessionStore();
  const auth: AuthOptions = { people, sessions, throttle: new MemoryLoginThrottle() };
  const headers = async (personId: string | null): Promise<Record<string, string>> => {
    if (personId === null) return {};
    const person = people.find((p) => p.id === personId);
    if (!person) throw new Error(`no test person ${personId}`);
    const id = await sessions.create({ personId, credential: credentialOf(person.secretHash) });
    return { cookie: `ovr_session=${id}` };
  };
  return { auth, headers };
};
