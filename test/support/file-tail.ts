import { closeSync, existsSync, openSync, readSync, watch, type FSWatcher } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * Follows a file that another process appends lines to (SIPp's -log_file), calling onLine for
 * each complete line. inotify (fs.watch) wakes us at once; a slow interval covers the moments
 * before the file exists and any missed notification.
 */
export interface FileTail {
  /** Read whatever is there now (call after the writer exited), then stop following. */
  close(): void;
}

export function tailLines(path: string, onLine: (line: string) => void, { intervalMs = 50 } = {}): FileTail {
  let fd: number | undefined;
  let offset = 0;
  let partial = '';
  let watcher: FSWatcher | undefined;
  const decoder = new StringDecoder('utf8');
  const chunk = Buffer.alloc(64 * 1024);

  const drain = (): void => {
    if (fd === undefined) {
      if (!existsSync(path)) return;
      fd = openSync(path, 'r');
      // Re-read on every change event, never on a timer alone.
      watcher = watch(path, drain);
    }
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, offset);
      if (read <= 0) break;
      offset += read;
      partial += decoder.write(chunk.subarray(0, read));
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line) onLine(line);
    }
  };

  const timer = setInterval(drain, intervalMs);
  drain();
  return {
    close() {
      clearInterval(timer);
      drain();
      watcher?.close();
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
