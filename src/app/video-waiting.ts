import type { Logger } from 'pino';
import type { CallId, ChannelId } from '../domain/ids.js';
import { WAITING_CLIP } from '../domain/video-clips.js';
import { isEngineError } from '../errors.js';
import type { Telephony } from './ports.js';

/** A waiting picture's playback id: not an announcement (callIdOfPlayback does not read it). */
export const waitingPlaybackIdFor = (call: CallId, seq: number): string => `${call}~wait~${seq}`;
const WAITING_ID = /^.+~wait~\d+$/;

/**
 * Music on hold for a video caller: music on hold has no video, so a caller of a video entry sees
 * the waiting picture instead, as a playback of WAITING_CLIP (its sound is silence) started again
 * each time it ends, until stopped. The state machine still orders `start-moh` and `stop-moh`; the
 * executor hands them here for a video call.
 *
 * The loop lives in this process: after an engine restart a running picture plays to its end (at
 * most WAITING_CLIP_MS) and is not started again until the call's next `start-moh`.
 */
export class VideoWaitingLoop {
  /** The waiting picture playing on each channel now. */
  private readonly playing = new Map<ChannelId, { call: CallId; playback: string }>();
  /** Each channel's operations, one after the other: a stop waits for the start still under way, so it stops what that started. */
  private readonly chains = new Map<ChannelId, Promise<void>>();
  private seq = 0;

  constructor(private readonly d: { readonly telephony: Telephony; readonly log: Logger }) {}

  start(call: CallId, channel: ChannelId): Promise<void> {
    return this.serially(channel, async () => {
      if (this.playing.has(channel)) return;
      await this.play(call, channel);
    });
  }

  stop(channel: ChannelId): Promise<void> {
    return this.serially(channel, async () => {
      const current = this.playing.get(channel);
      if (!current) return;
      this.playing.delete(channel);
      await this.d.telephony.stopPlayback(current.playback);
    });
  }

  /**
   * A playback ended. True when it was a waiting picture (not an announcement); one still wanted
   * is started again.
   */
  finished(playback: string): boolean {
    if (!WAITING_ID.test(playback)) return false;
    for (const [channel, current] of this.playing) {
      if (current.playback !== playback) continue;
      void this.serially(channel, async () => {
        // Stopped (or started anew) meanwhile: nothing to continue.
        if (this.playing.get(channel)?.playback !== playback) return;
        this.playing.delete(channel);
        await this.play(current.call, channel);
      }).catch((err: unknown) => this.d.log.warn({ callId: current.call, err: (err as Error).message }, 'waiting picture not continued'));
    }
    return true;
  }

  private async play(call: CallId, channel: ChannelId): Promise<void> {
    const playback = waitingPlaybackIdFor(call, ++this.seq);
    this.playing.set(channel, { call, playback });
    try {
      await this.d.telephony.play(channel, playback, [WAITING_CLIP]);
    } catch (err) {
      this.playing.delete(channel);
      // The caller hung up meanwhile: nothing to show, and the hangup drives the call on.
      if (isEngineError(err, 'ARI_CHANNEL_GONE')) return;
      throw err;
    }
  }

  private serially(channel: ChannelId, op: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(channel) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(op);
    const settled = next.catch(() => undefined);
    this.chains.set(channel, settled);
    // Forgotten once nothing else is queued behind it, so ended calls leave nothing here.
    void settled.then(() => {
      if (this.chains.get(channel) === settled) this.chains.delete(channel);
    });
    return next;
  }
}
