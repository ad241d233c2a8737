/**
 * Renders items `parallel` at a time, in order. After a failure no new item is started (the ones
 * already running finish); returns one message per failure, empty when all went well.
 */
export async function renderAll<T>(
  items: readonly T[],
  parallel: number,
  render: (item: T, index: number) => Promise<void>,
  describeFailure: (item: T, err: unknown) => string,
): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      const item = items[index];
      if (item === undefined) return;
      try {
        await render(item, index);
      } catch (err) {
        failures.push(describeFailure(item, err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
  return failures;
}

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
