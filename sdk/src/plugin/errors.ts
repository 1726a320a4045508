/** Stable error codes: part of the public contract, never renamed. */
export const ERROR_CODES = {
  INVALID_ARGUMENT: 'QMO_INVALID_ARGUMENT',
  NOT_FOUND: 'QMO_NOT_FOUND',
  UNKNOWN_INSTRUMENT: 'QMO_UNKNOWN_INSTRUMENT',
  CONFIG_INVALID: 'QMO_CONFIG_INVALID',
  MANIFEST_INVALID: 'QMO_MANIFEST_INVALID',
  INCOMPATIBLE_ENGINE: 'QMO_INCOMPATIBLE_ENGINE',
  MISSING_DEPENDENCY: 'QMO_MISSING_DEPENDENCY',
  DEPENDENCY_CYCLE: 'QMO_DEPENDENCY_CYCLE',
  DUPLICATE_PLUGIN: 'QMO_DUPLICATE_PLUGIN',
  PLUGIN_LOAD_FAILED: 'QMO_PLUGIN_LOAD_FAILED',
  PLUGIN_START_FAILED: 'QMO_PLUGIN_START_FAILED',
  PLUGIN_QUARANTINED: 'QMO_PLUGIN_QUARANTINED',
  CAPABILITY_DENIED: 'QMO_CAPABILITY_DENIED',
  SERVICE_UNAVAILABLE: 'QMO_SERVICE_UNAVAILABLE',
  EXTENSION_POINT_DENIED: 'QMO_EXTENSION_POINT_DENIED',
  DISPOSED: 'QMO_DISPOSED',
  /** An order in a final or pending state cannot be canceled or replaced now. */
  ORDER_NOT_CANCELABLE: 'QMO_ORDER_NOT_CANCELABLE',
  /** An order event that its current state does not allow (a fill after Filled, say). */
  ORDER_TRANSITION_INVALID: 'QMO_ORDER_TRANSITION_INVALID',
  /** An order refused by validation, risk, the OMS or the venue; details carry the RejectReason. */
  ORDER_REJECTED: 'QMO_ORDER_REJECTED',
  /** No credentials, or credentials that identify nobody. */
  UNAUTHENTICATED: 'QMO_UNAUTHENTICATED',
  /** Known caller, but the role or the account is not granted. */
  FORBIDDEN: 'QMO_FORBIDDEN',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** Base of every error QMO raises on purpose. `code` is stable; `details` is machine-readable. */
export class QmoError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export class InvalidArgumentError extends QmoError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ERROR_CODES.INVALID_ARGUMENT, message, details);
  }
}
export class NotFoundError extends QmoError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ERROR_CODES.NOT_FOUND, message, details);
  }
}
export class UnknownInstrumentError extends QmoError {
  constructor(readonly instrument: string) {
    super(ERROR_CODES.UNKNOWN_INSTRUMENT, `unknown instrument "${instrument}"`, { instrument });
  }
}
export class ConfigInvalidError extends QmoError {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(ERROR_CODES.CONFIG_INVALID, message, { issues });
  }
}
export class ManifestInvalidError extends QmoError {
  constructor(
    readonly location: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(
      ERROR_CODES.MANIFEST_INVALID,
      `invalid plugin manifest in ${location}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      { location, issues },
    );
  }
}
export class IncompatibleEngineError extends QmoError {
  constructor(
    readonly pluginId: string,
    readonly required: string,
    readonly sdkVersion: string,
  ) {
    super(
      ERROR_CODES.INCOMPATIBLE_ENGINE,
      `plugin "${pluginId}" requires QMO SDK ${required}, this host provides ${sdkVersion}`,
      { pluginId, required, sdkVersion },
    );
  }
}
export class MissingDependencyError extends QmoError {
  constructor(
    readonly pluginId: string,
    readonly dependency: string,
    readonly range: string,
    readonly found?: string,
  ) {
    super(
      ERROR_CODES.MISSING_DEPENDENCY,
      found
        ? `plugin "${pluginId}" requires "${dependency}" ${range}, but version ${found} is loaded`
        : `plugin "${pluginId}" requires "${dependency}" ${range}, which is not loaded`,
      { pluginId, dependency, range, found },
    );
  }
}
export class DependencyCycleError extends QmoError {
  constructor(readonly cycle: string[]) {
    super(ERROR_CODES.DEPENDENCY_CYCLE, `plugin dependency cycle: ${cycle.join(' → ')}`, { cycle });
  }
}
export class CapabilityDeniedError extends QmoError {
  constructor(
    readonly pluginId: string,
    readonly capability: string,
    readonly what: string,
  ) {
    super(
      ERROR_CODES.CAPABILITY_DENIED,
      `plugin "${pluginId}" lacks capability "${capability}" needed for ${what}`,
      { pluginId, capability, what },
    );
  }
}
export class ExtensionPointDeniedError extends QmoError {
  constructor(
    readonly pluginId: string,
    readonly point: string,
    readonly kind: string,
  ) {
    super(
      ERROR_CODES.EXTENSION_POINT_DENIED,
      `plugin "${pluginId}" of kind "${kind}" cannot contribute to extension point "${point}"`,
      { pluginId, point, kind },
    );
  }
}
export class ServiceUnavailableError extends QmoError {
  constructor(readonly service: string) {
    super(ERROR_CODES.SERVICE_UNAVAILABLE, `service "${service}" is not provided by this host`, { service });
  }
}
export class DisposedError extends QmoError {
  constructor(what: string) {
    super(ERROR_CODES.DISPOSED, `${what} has been disposed`);
  }
}

/** The message of anything thrown, for logs and status reports. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
