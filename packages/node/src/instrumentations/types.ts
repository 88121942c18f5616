/** One row of the instrumentation catalog (see catalog.generated.ts). */
export interface InstrumentationCatalogEntry {
  /** Short name used by OTEL_NODE_ENABLED_INSTRUMENTATIONS, e.g. `express`. */
  readonly name: string;
  /** The upstream package that implements it. */
  readonly pkg: string;
  /** The exported class to instantiate. */
  readonly className: string;
  /** Module names whose first require/import loads the instrumentation. Empty: loaded at start. */
  readonly modules: readonly string[];
}
