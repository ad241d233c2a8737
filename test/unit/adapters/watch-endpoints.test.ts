import { describe, expect, it } from 'vitest';
import type { AriConnection } from '../../../src/adapters/ari/ari-connection.js';
import { AriTelephony } from '../../../src/adapters/ari/ari-telephony.js';

/**
 * A stand-in for Asterisk's `POST /applications/{app}/subscription` (no Asterisk): like Asterisk, it
 * refuses the whole list when one endpoint in it is unknown.
 */
function standIn(known: readonly string[]) {
  const requests: string[] = [];
  const subscribed: string[] = [];
  const client = {
    applications: {
      subscribe: ({ eventSource }: { applicationName: string; eventSource: string }) => {
        requests.push(eventSource);
        const sources = eventSource.split(',');
        if (sources.some((s) => !known.includes(s.replace('endpoint:PJSIP/', '')))) {
          return Promise.reject(new Error('{"message":"Event source does not exist"}'));
        }
        subscribed.push(...sources);
        return Promise.resolve({});
      },
    },
  };
  return { telephony: new AriTelephony({ client } as unknown as AriConnection, 'overflow-engine'), requests, subscribed };
}

describe("watching the agents' phone registrations", () => {
  it('subscribes to every agent endpoint in one request', async () => {
    const ari = standIn(['agent-1', 'agent-2']);
    expect(await ari.telephony.watchEndpoints(['agent-1', 'agent-2'])).toEqual([]);
    expect(ari.requests).toEqual(['endpoint:PJSIP/agent-1,endpoint:PJSIP/agent-2']);
  });

  it('names an endpoint Asterisk does not know and still watches the others', async () => {
    const ari = standIn(['agent-1', 'agent-3']);
    expect(await ari.telephony.watchEndpoints(['agent-1', 'agent-2', 'agent-3'])).toEqual(['agent-2']);
    expect(ari.subscribed).toEqual(['endpoint:PJSIP/agent-1', 'endpoint:PJSIP/agent-3']);
  });

  it('fails with the error of the whole list when Asterisk knows none of them', async () => {
    const ari = standIn([]);
    await expect(ari.telephony.watchEndpoints(['agent-1', 'agent-2'])).rejects.toMatchObject({
      code: 'ARI_REQUEST_FAILED',
      message: 'subscribe agent-1, agent-2: Event source does not exist',
    });
    expect(ari.subscribed).toEqual([]);
  });
});
