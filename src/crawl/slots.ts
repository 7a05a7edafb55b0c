/**
 * A cap on sources crawled at once. Each source is one request at a time
 * already; without a cap, a pass over 2,500 sources would hold 2,500
 * crawlers (and their pages) in memory together.
 */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Runs `work` when a slot is free; slots are handed out in the order asked. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
