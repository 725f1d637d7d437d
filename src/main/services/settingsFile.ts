import { join } from 'node:path';
import { Low } from 'lowdb';
import { AtomicJsonAdapter, JsonParseError, type AtomicIo } from './atomicAdapter';
import { SettingsSchema, type Settings } from '../../shared/api/contract';

/** The workspace's settings file, next to the process documents. */
export const SETTINGS_FILE = 'settings.json';

/** What a workspace starts with, and what an unreadable settings file is replaced by. */
export const DEFAULT_SETTINGS: Settings = { editor: { name: '', departmentId: 'sales' } };

/**
 * `settings.json` of one workspace. Callers hold the workspace lock; an unreadable file is handed
 * to `setAside` (moved, never overwritten) and the defaults are used.
 */
export function createSettingsFile(dir: string, io: AtomicIo, setAside: (fileName: string) => Promise<unknown>) {
  const adapter = () => new AtomicJsonAdapter<unknown>(join(dir, SETTINGS_FILE), { io });

  async function write(settings: Settings): Promise<void> {
    const db = new Low<unknown>(adapter(), null);
    db.data = settings;
    await db.write();
  }

  async function read(): Promise<Settings> {
    const db = new Low<unknown>(adapter(), null);
    try {
      await db.read();
    } catch (error) {
      if (!(error instanceof JsonParseError)) throw error;
      await setAside(SETTINGS_FILE);
      return DEFAULT_SETTINGS;
    }
    if (db.data === null) return DEFAULT_SETTINGS;
    const parsed = SettingsSchema.safeParse(db.data);
    if (parsed.success) return parsed.data;
    await setAside(SETTINGS_FILE);
    return DEFAULT_SETTINGS;
  }

  return { read, write };
}
