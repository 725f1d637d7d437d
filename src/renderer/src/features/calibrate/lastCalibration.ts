import type { Calibration } from '../../../../shared/io/calibrate';

/**
 * The last calibration computed for each open process, so the workshop report can show
 * observed-vs-model figures. View state: it lives in memory and is gone on reload.
 */
const byProcess = new Map<string, { calibration: Calibration; source: string }>();

/** Remembers a calibration for a process. */
export function rememberCalibration(processId: string, calibration: Calibration, source: string): void {
  byProcess.set(processId, { calibration, source });
}

/** The last calibration of a process, if one was made in this session. */
export function lastCalibration(processId: string): { calibration: Calibration; source: string } | undefined {
  return byProcess.get(processId);
}
