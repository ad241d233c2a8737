/** How the demo's worker is told to stop: 'graceful' ends the morning early, 'now' skips the summary. */
export type StopRequest = 'graceful' | 'now';
