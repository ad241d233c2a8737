import type { Channel, ChannelDtmfReceived, Client, ChannelDestroyed, Dial, EndpointStateChange, Playback, PlaybackFinished as AriPlaybackFinished, StasisEnd, StasisStart } from 'ari-client';
import type { ChannelId } from '../../domain/ids.js';
import type { ChannelFact } from '../../domain/interpret.js';
import { callIdOfLeg } from '../../domain/call.js';
import type { CallerEntered, EndpointChanged, KeyPressed, PlaybackFinished } from '../../app/ports.js';
import type { LegFailReason } from '../../domain/call.js';

export type TelephonyEvent = CallerEntered | ChannelFact | PlaybackFinished | KeyPressed | EndpointChanged;

const NORMAL_CLEARING = 16;

const dialFailures: Readonly<Record<string, LegFailReason>> = {
  BUSY: 'busy',
  NOANSWER: 'no-answer',
  CHANUNAVAIL: 'unreachable',
  CONGESTION: 'unreachable',
  CANCEL: 'failed',
};

/**
 * Subscribes to the ARI events the engine uses and turns them into telephony events. Callers are
 * channels that entered from the dialplan; legs are channels we created, recognised by our own ids.
 */
export function forwardAriEvents(
  client: Client,
  now: () => number,
  emit: (e: TelephonyEvent) => void,
): void {
  client.on('StasisStart', (event: StasisStart, channel: Channel) => {
    // Our own legs are originated into the app and enter it when answered: from now on they can be
    // bridged, so this (not the Dial event's ANSWER, which comes just before) is their answer.
    if (callIdOfLeg(channel.id)) {
      emit({ type: 'channel.answered', channel: channel.id as ChannelId, at: now() });
      return;
    }
    emit({
      type: 'caller.entered',
      channel: channel.id as ChannelId,
      args: typeof event.args === 'string' ? [event.args] : event.args,
      callerNumber: channel.caller.number,
      at: now(),
    });
  });
  client.on('Dial', (event: Dial) => {
    const leg = event.peer.id;
    if (!callIdOfLeg(leg)) return;
    const reason = dialFailures[event.dialstatus];
    if (reason) emit({ type: 'channel.failed', channel: leg as ChannelId, reason, at: now() });
  });
  // Legs whose end StasisEnd already reported: their ChannelDestroyed, a moment later, is not news.
  const legsLeft = new Set<string>();
  client.on('StasisEnd', (_event: StasisEnd, channel: Channel) => {
    // A caller from the dialplan is unsubscribed at StasisEnd, so its ChannelDestroyed never reaches
    // us: leaving the app is its hangup (the engine never sends callers back to the dialplan). A leg
    // is in the app only once answered and never leaves it alive: leaving is its hang-up too, seen
    // before Asterisk has finished tearing the channel down.
    if (callIdOfLeg(channel.id)) legsLeft.add(channel.id);
    emit({ type: 'channel.ended', channel: channel.id as ChannelId, cause: NORMAL_CLEARING, at: now() });
  });
  client.on('PlaybackFinished', (_event: AriPlaybackFinished, playback: Playback) => {
    emit({ type: 'playback.finished', playback: playback.id, at: now() });
  });
  client.on('ChannelDtmfReceived', (event: ChannelDtmfReceived, channel: Channel) => {
    if (!callIdOfLeg(channel.id)) emit({ type: 'key.pressed', channel: channel.id as ChannelId, digit: event.digit, at: now() });
  });
  client.on('EndpointStateChange', (event: EndpointStateChange) => {
    const e = event.endpoint;
    if (e.technology === 'PJSIP') emit({ type: 'endpoint.changed', endpoint: e.resource, online: e.state === 'online', at: now() });
  });
  client.on('ChannelDestroyed', (event: ChannelDestroyed, channel: Channel) => {
    if (legsLeft.delete(channel.id)) return;
    emit({ type: 'channel.ended', channel: channel.id as ChannelId, cause: event.cause, at: now() });
  });
}
