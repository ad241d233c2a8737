/**
 * "Something changed": told by the engine after every saved change of a call or an agent (the
 * Engine's `onCallChange` / `onAgentChange`), passed on to whoever listens. Carries no data: the
 * listeners read what they need themselves, coalescing bursts.
 */
export class ChangeNotifier {
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  get size(): number {
    return this.listeners.size;
  }
}
