import { ServiceUnavailableError } from '../index.js';
import { invalidOption, optionalFunction, pathMatcher, positiveNumber } from './options.js';
import type { Guard, GuardDecision, GuardRequest, GuardResult } from './types.js';

/**
 * What to tell clients while maintenance is on.
 *
 * @example
 * mode.enable({ retryAfter: new Date('2030-01-01T06:00:00Z'), message: 'Back at 06:00 UTC' })
 */
export interface MaintenanceSettings {
  /** `Retry-After` in seconds (or the date maintenance should end). Default 60 s. */
  retryAfter?: number | Date;
  /** The 503 message, sent to clients. Default `Down for maintenance`. */
  message?: string;
}

/**
 * Options for {@link maintenance}.
 *
 * @example
 * maintenance({ enabled: process.env.MAINTENANCE === '1', exemptPaths: ['/health'] })
 */
export interface MaintenanceOptions extends MaintenanceSettings {
  /** Start switched on. Default false. */
  enabled?: boolean;
  /** Paths still served during maintenance (exact, or a prefix ending in `*`), e.g. `['/health']`. */
  exemptPaths?: readonly string[];
  /** Requests still served during maintenance, e.g. admin traffic. */
  exempt?: (request: GuardRequest) => boolean;
}

/**
 * A maintenance switch: while on, answers 503 with `Retry-After` and a message.
 *
 * @example
 * const mode = maintenance({ exemptPaths: ['/health'] });
 * mode.enable({ retryAfter: 300, message: 'Upgrading the database' });
 * mode.enabled // true
 * mode.disable();
 */
export interface MaintenanceSwitch extends Guard {
  /** Decides synchronously: never a Promise. */
  check(request: GuardRequest): GuardResult;
  /** True while requests are answered with 503. */
  readonly enabled: boolean;
  /** Switches maintenance on (or updates its message and `Retry-After`). */
  enable(settings?: MaintenanceSettings): void;
  /** Switches maintenance off. */
  disable(): void;
}

const WHERE = 'maintenance';

/**
 * Makes a maintenance switch that can be flipped at run time (from an admin endpoint, a signal
 * handler, a feature flag). While enabled, every request that is not exempt gets
 * `503 {"error":"Down for maintenance"}` with `Retry-After`.
 *
 * @example
 * const mode = maintenance({ exemptPaths: ['/health', '/admin/*'] });
 * process.on('SIGUSR2', () => (mode.enabled ? mode.disable() : mode.enable({ retryAfter: 120 })));
 */
export function maintenance(options: MaintenanceOptions = {}): MaintenanceSwitch {
  const exempt = optionalFunction(WHERE, 'exempt', options.exempt, 'pass (request) => boolean.');
  const exemptPath = pathMatcher(WHERE, options.exemptPaths);
  const defaults = answerFor(options);
  let answer: (() => GuardDecision) | undefined = options.enabled === true ? defaults : undefined;

  return {
    name: WHERE,
    statuses: [503],
    get enabled() {
      return answer !== undefined;
    },
    enable(settings) {
      answer = settings === undefined ? defaults : answerFor({ ...options, ...settings });
    },
    disable() {
      answer = undefined;
    },
    check(request) {
      if (answer === undefined || exemptPath(request.path) || exempt?.(request)) return undefined;
      return answer();
    },
  };
}

/** Checks the settings once; the decision is built once too, unless `Retry-After` counts down to a date. */
function answerFor(settings: MaintenanceSettings): () => GuardDecision {
  const retryAfter = settings.retryAfter ?? 60;
  if (retryAfter instanceof Date) {
    if (Number.isNaN(retryAfter.getTime()))
      invalidOption(WHERE, 'retryAfter', retryAfter, 'pass a valid Date.');
  } else {
    positiveNumber(WHERE, 'retryAfter', retryAfter, 60, 'pass seconds or a Date.');
  }
  const message = settings.message ?? 'Down for maintenance';
  if (typeof message !== 'string') invalidOption(WHERE, 'message', message, 'pass a string.');
  const build = (): GuardDecision => ({
    error: new ServiceUnavailableError(message, {
      retryAfter,
      expose: true,
      captureStack: false,
      log: false,
    }),
  });
  if (retryAfter instanceof Date) return build;
  const fixed = build();
  return () => fixed;
}
