/**
 * Pure editing commands on a process document, one module per kind of object. This index keeps
 * the old import path working; new code may import the module it needs directly.
 */
export { CommandError, locateField, type CommandErrorCode, type FieldLocation } from './commandSupport';
export * from './stageCommands';
export * from './transitionCommands';
export * from './fieldCommands';
export * from './departmentCommands';
export * from './processCommands';
export * from './kpiCommands';
