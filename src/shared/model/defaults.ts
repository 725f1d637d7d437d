import type { Department, Scenario } from './schema';

/** The departments a new process starts with; users may rename, recolor, add or remove them. */
export const DEFAULT_DEPARTMENTS: readonly Department[] = [
  { id: 'sales', name: 'Sales', color: '#2f7d4f' },
  { id: 'sales-management', name: 'Sales Management', color: '#2c5fa8' },
  { id: 'finance', name: 'Finance', color: '#b5472f' },
  { id: 'marketing', name: 'Marketing', color: '#8a4fb0' },
  { id: 'operations', name: 'Operations', color: '#a07a12' },
];

/**
 * A neutral mid-market B2B team: 12 reps each opening 10 opportunities a month, 160 working hours
 * a month, 85 per loaded hour, deals of 24,000, optional fields filled half the time.
 */
export const DEFAULT_SCENARIO: Scenario = {
  reps: 12,
  opportunitiesPerRepPerMonth: 10,
  workingHoursPerMonth: 160,
  loadedHourlyCost: 85,
  averageDealValue: 24000,
  defaultFillRate: 0.5,
  currency: 'EUR',
};
