/**
 * A value made at its first use, at most once. otelkit creates exporters this way: their modules
 * (the OTLP transports, serializers, gRPC) are loaded and initialised at the first export, not at
 * every process start, and a short script that never exports never pays for them.
 */
export class Lazy<T> {
  private value: T | undefined;
  private failed = false;

  /**
   * `create` runs at the first {@link get}. If it throws, `onFailure` is called with the error,
   * once, and every later {@link get} returns undefined without trying again.
   */
  constructor(
    private readonly create: () => T,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /** The value, made now if this is the first use; undefined when making it failed. */
  get(): T | undefined {
    if (this.value === undefined && !this.failed) {
      try {
        this.value = this.create();
      } catch (error) {
        this.failed = true;
        this.onFailure(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return this.value;
  }

  /** The value if it was made already; never makes it (for flush and shutdown). */
  peek(): T | undefined {
    return this.value;
  }
}
