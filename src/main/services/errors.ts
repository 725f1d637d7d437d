import type { SetAsideNotice } from '../../shared/api/contract';

/** No process (or no usable backup) with that id. Maps to the API's `not-found`. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A save based on a revision that is no longer the stored one. Maps to `conflict`. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    readonly id: string,
    readonly baseRevision: number,
    readonly currentRevision: number,
  ) {
    super(
      `Process ${id} was changed elsewhere: your edit is based on revision ${baseRevision}, ` +
        `the stored revision is ${currentRevision}. Nothing was written.`,
    );
  }
}

/** The stored file could not be read as a process and was moved aside untouched. Maps to `corrupt`. */
export class CorruptError extends Error {
  override readonly name = 'CorruptError';
  constructor(readonly notice: SetAsideNotice) {
    super(
      `${notice.fileName} could not be read (${notice.reason}); it was moved aside to ` +
        `${notice.setAsideAs}${notice.backupAvailable ? ' and a backup can be restored' : ''}.`,
    );
  }
}

/** A request the workspace refuses regardless of stored state. Maps to `invalid-input`. */
export class InvalidRequestError extends Error {
  override readonly name = 'InvalidRequestError';
  constructor(
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** This host cannot do what was asked (e.g. save a PDF without a desktop shell). Maps to `unsupported`. */
export class UnsupportedError extends Error {
  override readonly name = 'UnsupportedError';
}

/**
 * A request that clashes with the current state but not with a stored revision (a workshop is
 * already open on another process). Maps to `conflict`, without `currentRevision`.
 */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
}

/** A workshop (LAN) call without a valid, unrevoked session. Maps to `unauthorized`. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

/** The caller's workshop role may not do this (an observer voting, a participant editing). Maps to `forbidden`. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
}

/** A workshop participant sent more than their share. Maps to `rate-limited`. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    /** When to try again, in milliseconds. */
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}
