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
