// The loop shared by the mail outbox and the webhook deliveries: poll for due rows,
// lease each with one conditional UPDATE (claim) so two processes on one database
// never both hold it, deliver, record. A crash while holding a lease only delays
// the row until the lease expires. wake() looks at once; stop() lets the row in
// hand finish and claims no other.

import { randomId } from '../core/opaque-tokens.js';
import type { Clock } from '../core/ports.js';

/** Delay before the next try after `failures` failed tries: 30 s doubling, at most 1 h. */
export function backoffSeconds(failures: number): number {
  return Math.min(30 * 2 ** Math.max(0, failures - 1), 3600);
}

export interface LeasedQueue<T> {
  listDue(now: Date, limit: number): Promise<number[]>;
  claim(id: number, claimToken: string, now: Date, leaseUntil: Date): Promise<T | null>;
  /** Sends one claimed row and records the outcome; true when delivered. */
  deliver(row: T, claimToken: string): Promise<boolean>;
}

export interface LeasedWorkerOptions {
  clock: Clock;
  /** Where a failed run is reported. */
  reportError: (error: unknown) => void;
  leaseSeconds: number;
  pollIntervalMs?: number;
  batchSize?: number;
}

export class LeasedWorker<T> {
  readonly workerId = randomId(6);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  /** Set by stop(): finish the row in hand, claim no other. */
  private halting = false;

  constructor(
    private readonly queue: LeasedQueue<T>,
    private readonly options: LeasedWorkerOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halting = false;
    this.schedule(0);
  }

  /** Something was queued: look now rather than at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * Delivers every row due now; returns how many this call delivered. A run of the
   * background loop that claimed a row first is awaited too, so on return no due
   * row is still in flight in this process.
   */
  async runOnce(): Promise<number> {
    await this.running;
    const delivered = await this.deliverDue(false);
    await this.running;
    return delivered;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    if (this.running || this.stopped) return;
    this.running = this.deliverDue(true)
      .then(() => undefined)
      .catch((error: unknown) => this.options.reportError(error))
      .finally(() => {
        this.running = null;
        if (!this.stopped) this.schedule(this.again ? 0 : (this.options.pollIntervalMs ?? 2000));
        this.again = false;
      });
  }

  private async deliverDue(stopWhenHalting: boolean): Promise<number> {
    const { clock } = this.options;
    const batchSize = this.options.batchSize ?? 20;
    let delivered = 0;
    for (;;) {
      const ids = await this.queue.listDue(clock.now(), batchSize);
      let claimed = 0;
      for (const id of ids) {
        if (stopWhenHalting && this.halting) return delivered;
        const claimToken = `${this.workerId}.${randomId(9)}`;
        const now = clock.now();
        const leaseUntil = new Date(now.getTime() + this.options.leaseSeconds * 1000);
        const row = await this.queue.claim(id, claimToken, now, leaseUntil);
        if (!row) continue;
        claimed += 1;
        if (await this.queue.deliver(row, claimToken)) delivered += 1;
      }
      // A full batch that claimed nothing belongs to another process: leave it to it.
      if (ids.length < batchSize || claimed === 0) return delivered;
    }
  }
}
