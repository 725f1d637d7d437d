import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSampleProcess } from '../../../../src/shared/model/sample';
import type { Field, Process } from '../../../../src/shared/model/schema';
import { ProcessSchema } from '../../../../src/shared/model/schema';
import { emptyProcess } from '../../../../src/shared/model/commands';
import { validateProcess } from '../../../../src/shared/model/validate';
import { planFieldImport } from '../../../../src/shared/io/fieldImport';
import { applyImport, matchStage } from '../../../../src/shared/io/importPlan';
import { registerCsv } from '../../../../src/shared/io/registerCsv';
import { SECONDS_BY_TYPE } from '../../../../src/shared/io/fieldTypes';
import { deepFreeze } from '../../helpers/deepFreeze';

const NOW = '2026-11-27T09:00:00.000Z';
const fixture = (name: string): { name: string; bytes: Uint8Array } => ({
  name,
  bytes: new Uint8Array(readFileSync(join(__dirname, '../../../fixtures/import', name))),
});
const text = (name: string, content: string): { name: string; bytes: Uint8Array } => ({ name, bytes: new TextEncoder().encode(content) });

function salesProcess(): Process {
  const base = emptyProcess({ id: 'crm', name: 'CRM', now: NOW });
  return {
    ...base,
    stages: [
      ...base.stages.filter((s) => s.kind === 'start'),
      { id: 'qualification', name: 'Qualification', kind: 'stage', position: { x: 200, y: 0 }, description: '', expectedDays: 7, fields: [] },
      { id: 'needs', name: 'Needs  analysis', kind: 'stage', position: { x: 400, y: 0 }, description: '', expectedDays: 7, fields: [] },
      ...base.stages.filter((s) => s.kind !== 'start'),
    ],
  };
}

function allFields(process: Process): Field[] {
  return process.stages.flatMap((stage) => stage.fields);
}

describe('field import: Salesforce', () => {
  it('reads describe + Path into stages, skips system and formula fields, and leaves unmatched stages in the tray', () => {
    const doc = deepFreeze(salesProcess());
    const result = planFieldImport(doc, [fixture('salesforce-opportunity-describe.json'), fixture('salesforce-opportunity-path.json')], {
      stageMap: { 'Closed Won': 'won', 'Closed Lost': 'lost' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { plan } = result;
    expect(result.sources.map((s) => s.preset)).toEqual(['salesforce-describe', 'salesforce-path']);
    const added = new Map(plan.added.map((a) => [a.field.apiName, a]));
    expect(added.get('Budget_Confirmed__c')?.stageId).toBe('qualification');
    expect(added.get('Decision_Maker__c')?.stageId).toBe('needs');
    expect(added.get('Loss_Reason__c')?.stageId).toBe('lost');
    expect(added.has('Id')).toBe(false);
    expect(added.has('ExpectedRevenue')).toBe(false);
    // Proposal/Price Quote matches no stage: its fields wait in the tray, not lost.
    expect(plan.unmatchedStages).toContain('Proposal/Price Quote');
    expect(plan.unassigned.map((u) => u.field.apiName)).toEqual(expect.arrayContaining(['Amount', 'NextStep', 'Description']));
    // Fields the Path never places (ForecastCategoryName) are unassigned too.
    expect(plan.unassigned.find((u) => u.field.apiName === 'ForecastCategoryName')?.reason).toBe('the file puts it on no stage');
  });

  it('brings fields in as proposed, unconsumed, with help text as an imported draft and seconds by type', () => {
    const result = planFieldImport(salesProcess(), [fixture('salesforce-opportunity-describe.json'), fixture('salesforce-opportunity-path.json')]);
    if (!result.ok) throw new Error(result.message);
    const byApi = new Map(result.plan.added.map((a) => [a.field.apiName, a.field]));
    const maker = byApi.get('Decision_Maker__c')!;
    expect(maker).toMatchObject({ status: 'proposed', consumers: [], requirement: 'required', type: 'text', justificationImported: true });
    expect(maker.justification).toContain('Müller, CFO');
    expect(maker.secondsToComplete).toBe(SECONDS_BY_TYPE.text);
    const pains = byApi.get('Pain_Points__c')!;
    expect(pains).toMatchObject({ justification: '', type: 'long-text', secondsToComplete: SECONDS_BY_TYPE['long-text'] });
    expect(pains.justificationImported).toBeUndefined();
    // A non-nillable checkbox is not a required field.
    expect(byApi.get('Budget_Confirmed__c')?.requirement).toBe('optional');
  });

  it('applies as one new document that flags the unexplained required fields', () => {
    const doc = deepFreeze(salesProcess());
    const result = planFieldImport(doc, [fixture('salesforce-opportunity-describe.json'), fixture('salesforce-opportunity-path.json')]);
    if (!result.ok) throw new Error(result.message);
    const next = applyImport(doc, result.plan);
    expect(ProcessSchema.safeParse(next).success).toBe(true);
    const flagged = validateProcess(next).filter((p) => p.code === 'unjustified-field').map((p) => p.fieldId);
    expect(flagged).toContain('pain-points');
    expect(next.stages.find((s) => s.id === 'qualification')?.description).toContain('Confirm budget');
  });

  it('updates fill rates from the usage audit on re-import and leaves everything else unchanged', () => {
    const first = planFieldImport(salesProcess(), [fixture('salesforce-opportunity-describe.json'), fixture('salesforce-opportunity-path.json')]);
    if (!first.ok) throw new Error(first.message);
    const doc = applyImport(salesProcess(), first.plan);
    const second = planFieldImport(doc, [fixture('salesforce-field-usage.csv')]);
    if (!second.ok) throw new Error(second.message);
    expect(second.sources[0]!.preset).toBe('salesforce-field-usage');
    const maker = second.plan.updated.find((u) => u.fieldId === 'decision-maker');
    expect(maker?.patch.fillRate).toBeCloseTo(0.6);
    expect(second.plan.added).toEqual([]);
    const next = applyImport(doc, second.plan);
    const warnings = validateProcess(next).filter((p) => p.code === 'required-but-blank');
    expect(warnings.map((p) => p.fieldId)).toContain('decision-maker');
    expect(warnings.find((p) => p.fieldId === 'decision-maker')?.message).toContain('blank on 40% of deals');
  });
});

describe('field import: HubSpot, Pipedrive, generic', () => {
  it('combines HubSpot properties with stage requirements, taking the stage where a property is required', () => {
    const doc = salesProcess();
    const withStages: Process = {
      ...doc,
      stages: [
        ...doc.stages,
        { id: 'appointmentscheduled', name: 'Appointment scheduled', kind: 'stage', position: { x: 0, y: 200 }, description: '', expectedDays: 3, fields: [] },
        { id: 'contract', name: 'Contract sent', kind: 'stage', position: { x: 0, y: 300 }, description: '', expectedDays: 3, fields: [] },
      ],
    };
    const result = planFieldImport(withStages, [fixture('hubspot-deal-properties.json'), fixture('hubspot-stage-requirements.csv')], {
      stageMap: { qualifiedtobuy: 'qualification', presentationscheduled: 'needs' },
    });
    if (!result.ok) throw new Error(result.message);
    const byApi = new Map(result.plan.added.map((a) => [a.field.apiName, a]));
    expect(byApi.get('amount')).toMatchObject({ stageId: 'contract', field: { requirement: 'required', type: 'number' } });
    expect(byApi.get('decision_process')?.field).toMatchObject({ type: 'long-text', requirement: 'required', justificationImported: true });
    expect(byApi.get('budget_approved')?.field.type).toBe('checkbox');
    expect(byApi.has('hs_deal_stage_probability')).toBe(false);
    expect(result.plan.unassigned.map((u) => u.field.apiName)).toEqual(expect.arrayContaining(['closedate', 'dealstage']));
  });

  it('reads Pipedrive dealFields: mandatory flags (also per stage), inactive and system fields skipped', () => {
    const result = planFieldImport(salesProcess(), [fixture('pipedrive-dealFields.json')], { defaultStageId: 'qualification' });
    if (!result.ok) throw new Error(result.message);
    const byLabel = new Map(result.plan.added.map((a) => [a.field.label, a.field]));
    expect([...byLabel.keys()]).toEqual(['Title', 'Value', 'Expected close date', 'Lead source', 'Decision criteria']);
    expect(byLabel.get('Decision criteria')?.requirement).toBe('required');
    expect(byLabel.get('Value')).toMatchObject({ type: 'currency', requirement: 'optional' });
  });

  it('decodes a Windows-1252 semicolon CSV with quoted delimiters and an embedded newline', () => {
    const sample = createSampleProcess(NOW);
    const result = planFieldImport(sample, [fixture('generic-fields-semicolon-cp1252.csv')], {
      mapping: {
        preset: 'generic',
        columns: { apiName: 'Feldname', label: 'Bezeichnung', type: 'Typ', requirement: 'Pflicht', helpText: 'Beschreibung', stage: 'Phase', requestedBy: 'Abteilung' },
        stageMap: { Négociation: 'negotiation' },
      },
    });
    if (!result.ok) throw new Error(result.message);
    const byApi = new Map(result.plan.added.map((a) => [a.field.apiName, a]));
    expect(byApi.get('Entscheider__c')?.field.label).toBe('Entscheidungsträger');
    expect(byApi.get('Entscheider__c')?.field.justification).toBe('Name und Rolle,\nz. B. "Müller, CFO"');
    expect(byApi.get('Budget_Freigabe__c')?.field).toMatchObject({ requestedBy: 'finance', requirement: 'required', type: 'checkbox' });
    expect(byApi.get('Budget_Freigabe__c')?.field.justification).toBe('Bestätigt, dass das Budget; schriftlich; vorliegt');
    expect(byApi.get('Rabatt_Begründung__c')?.stageId).toBe('negotiation');
    expect(byApi.get('Rabatt_Begründung__c')?.field.justification).toBe('Warum der Rabatt nötig ist – für die Marge');
  });

  it('reads UTF-16 LE with a BOM and tab delimiters', () => {
    const content = '\ufeffLabel\tType\tStage\r\nDeal size\tcurrency\tProposal\r\n';
    const bytes = new Uint8Array(content.length * 2);
    for (let i = 0; i < content.length; i++) {
      bytes[i * 2] = content.charCodeAt(i) & 0xff;
      bytes[i * 2 + 1] = content.charCodeAt(i) >> 8;
    }
    const result = planFieldImport(createSampleProcess(NOW), [{ name: 'u16.csv', bytes }]);
    if (!result.ok) throw new Error(result.message);
    expect(result.plan.added[0]).toMatchObject({ stageId: 'proposal', field: { label: 'Deal size', type: 'currency' } });
  });

  it('matches stage names ignoring case, spacing, accents and punctuation', () => {
    const doc = salesProcess();
    expect(matchStage(doc, 'NEEDS-ANALYSIS')?.id).toBe('needs');
    expect(matchStage(doc, ' needs analysis ')?.id).toBe('needs');
    expect(matchStage(doc, 'Needs analysis 2')).toBeUndefined();
  });
});

describe('field register round trip', () => {
  it('exports the register and imports it back to the same fields', () => {
    const sample = createSampleProcess(NOW);
    const csv = registerCsv(sample);
    const emptied: Process = { ...sample, stages: sample.stages.map((s) => ({ ...s, fields: [] })) };
    const result = planFieldImport(emptied, [text('register.csv', csv)]);
    if (!result.ok) throw new Error(result.message);
    expect(result.sources[0]!.preset).toBe('stagecraft-register');
    expect(result.plan.unassigned).toEqual([]);
    const back = applyImport(emptied, result.plan);
    expect(back.stages.map((s) => s.fields)).toEqual(sample.stages.map((s) => s.fields));
  });

  it('re-importing the register into the same process changes nothing', () => {
    const sample = createSampleProcess(NOW);
    const result = planFieldImport(sample, [text('register.csv', registerCsv(sample))]);
    if (!result.ok) throw new Error(result.message);
    expect(result.plan.added).toEqual([]);
    expect(result.plan.updated).toEqual([]);
    expect(result.plan.unchanged).toHaveLength(allFields(sample).length);
    expect(applyImport(sample, result.plan)).toBe(sample);
  });

  it('shows a changed label and requirement as an update', () => {
    const sample = createSampleProcess(NOW);
    const csv = registerCsv(sample).replace('"Company name"', '"Company legal name"');
    const result = planFieldImport(sample, [text('register.csv', csv)]);
    if (!result.ok) throw new Error(result.message);
    expect(result.plan.updated).toHaveLength(1);
    expect(result.plan.updated[0]!.changes).toEqual([{ property: 'label', before: 'Company name', after: 'Company legal name' }]);
  });
});

describe('imported justification drafts', () => {
  it('lose their imported mark once somebody edits the justification', async () => {
    const { updateField } = await import('../../../../src/shared/model/fieldCommands');
    const result = planFieldImport(salesProcess(), [fixture('salesforce-opportunity-describe.json'), fixture('salesforce-opportunity-path.json')]);
    if (!result.ok) throw new Error(result.message);
    const doc = applyImport(salesProcess(), result.plan);
    const edited = updateField(doc, 'decision-maker', { justification: 'Finance runs the credit check on the signer.' });
    const field = edited.stages.flatMap((s) => s.fields).find((f) => f.id === 'decision-maker')!;
    expect(field.justificationImported).toBeUndefined();
    const relabelled = updateField(doc, 'decision-maker', { label: 'Signer' });
    expect(relabelled.stages.flatMap((s) => s.fields).find((f) => f.id === 'decision-maker')!.justificationImported).toBe(true);
  });
});
