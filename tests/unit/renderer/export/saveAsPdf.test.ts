import { describe, expect, it, vi } from 'vitest';
import { ApiError, capabilities } from '../../../../src/renderer/src/api/client';
import { saveAsPdf } from '../../../../src/renderer/src/features/export/documents';

const HTML = '<!doctype html><p>Report</p>';

describe('saveAsPdf (File menu → print / save as PDF)', () => {
  it('has no PDF printer outside the desktop shell (no preload bridge)', () => {
    expect(capabilities.savePdf).toBe(false);
  });

  it('asks the desktop shell and reports where the PDF went, without opening the print dialog', async () => {
    const callSavePdf = vi.fn(async () => ({ path: '/home/ada/pipeline-report.pdf' }));
    const print = vi.fn(async () => undefined);

    const outcome = await saveAsPdf(HTML, 'pipeline-report.pdf', { canSavePdf: true, callSavePdf: callSavePdf as never, print });

    expect(outcome).toEqual({ kind: 'saved', path: '/home/ada/pipeline-report.pdf' });
    expect(callSavePdf).toHaveBeenCalledWith('report:save-pdf', { html: HTML, suggestedName: 'pipeline-report.pdf' });
    expect(print).not.toHaveBeenCalled();
  });

  it('treats a cancelled save dialog as cancelled (no print dialog either)', async () => {
    const print = vi.fn(async () => undefined);
    const outcome = await saveAsPdf(HTML, 'r.pdf', { canSavePdf: true, callSavePdf: (async () => ({ path: null })) as never, print });
    expect(outcome).toEqual({ kind: 'cancelled' });
    expect(print).not.toHaveBeenCalled();
  });

  it("falls back to the browser's print when the host answers unsupported, and in the browser never asks", async () => {
    const print = vi.fn(async () => undefined);
    const refuse = vi.fn(async () => {
      throw new ApiError({ code: 'unsupported', message: 'Saving as PDF needs the desktop app' });
    });
    expect(await saveAsPdf(HTML, 'r.pdf', { canSavePdf: true, callSavePdf: refuse as never, print })).toEqual({ kind: 'printed' });
    expect(print).toHaveBeenCalledWith(HTML);

    const never = vi.fn();
    expect(await saveAsPdf(HTML, 'r.pdf', { canSavePdf: false, callSavePdf: never as never, print })).toEqual({ kind: 'printed' });
    expect(never).not.toHaveBeenCalled();
  });

  it('passes any other failure on (a full disk is not a reason to print instead)', async () => {
    const print = vi.fn(async () => undefined);
    const fail = async () => {
      throw new ApiError({ code: 'internal', message: 'ENOSPC: no space left on device' });
    };
    await expect(saveAsPdf(HTML, 'r.pdf', { canSavePdf: true, callSavePdf: fail as never, print })).rejects.toThrow('ENOSPC');
    expect(print).not.toHaveBeenCalled();
  });
});
