/**
 * Event-loop delay, measured by how late a light timer fires. The timer is unref'd, so it never
 * keeps the process alive, and starts only when someone first asks for the delay.
 */

const TICK_MS = 250;

/** Tracks how late the event loop has been recently. */
export class EventLoopMonitor {
  private timer: NodeJS.Timeout | undefined;
  private expected = 0;
  private lastDelay = 0;

  /** Delay seen at the latest tick, or how overdue the next tick already is, whichever is larger. */
  delayMs(): number {
    this.ensureStarted();
    const overdue = Date.now() - this.expected;
    return Math.max(this.lastDelay, overdue > 0 ? overdue : 0);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private ensureStarted(): void {
    if (this.timer !== undefined) return;
    this.expected = Date.now() + TICK_MS;
    this.timer = setInterval(() => {
      const now = Date.now();
      this.lastDelay = Math.max(0, now - this.expected);
      this.expected = now + TICK_MS;
    }, TICK_MS);
    this.timer.unref();
  }
}
