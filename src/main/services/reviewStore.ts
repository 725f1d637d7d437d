import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { AtomicJsonAdapter, JsonParseError, isErrno, nodeAtomicIo, type AtomicIo } from './atomicAdapter';
import { NotFoundError } from './errors';
import { ProcessSchema, type Process } from '../../shared/model/schema';
import { CommentSchema, ProposalSchema, type Comment, type Proposal } from '../../shared/review/schema';
import { WorkshopRecordSchema, type WorkshopRecord } from '../../shared/live/schema';

/**
 * Comments, proposals and workshop records on disk, kept beside (never inside) the process documents:
 * `<workspace>/review/<processId>/comments.json`, `…/proposals/<proposalId>.json` and
 * `…/workshops/<workshopId>.json`. Adding a
 * comment or editing a proposal therefore never bumps or races the process revision. Files are
 * written like every workspace file (temp + fsync + rename, previous copy kept as `.bak`); an
 * unreadable file is moved aside (`.corrupt-<time>`), never overwritten.
 *
 * These are plain reads and writes: callers hold the workspace lock around read-modify-write.
 */

/** Folder (inside the workspace) holding comments and proposals. */
export const REVIEW_DIR = 'review';

const CommentsFileSchema = z.object({ comments: z.array(CommentSchema) });
/** A proposal file also keeps a copy of the base revision, so a merge never depends on history. */
const ProposalFileSchema = z.object({ proposal: ProposalSchema, base: ProcessSchema });

/** A proposal and the process revision it was based on. */
export interface StoredProposal {
  proposal: Proposal;
  base: Process;
}

export interface ReviewStore {
  readComments(processId: string): Promise<Comment[]>;
  writeComments(processId: string, comments: Comment[]): Promise<void>;
  /** Every readable proposal of a process, most recently changed first. */
  listProposals(processId: string): Promise<StoredProposal[]>;
  /** @throws NotFoundError */
  readProposal(processId: string, proposalId: string): Promise<StoredProposal>;
  writeProposal(stored: StoredProposal): Promise<void>;
  /** Every readable workshop record of a process, most recently started first. */
  listWorkshops(processId: string): Promise<WorkshopRecord[]>;
  /** One workshop record, or undefined when missing (an unreadable one is set aside). */
  readWorkshop(processId: string, workshopId: string): Promise<WorkshopRecord | undefined>;
  writeWorkshop(record: WorkshopRecord): Promise<void>;
}

export function createReviewStore(options: { dir: string; io?: AtomicIo; now?: () => Date }): ReviewStore {
  const io = options.io ?? nodeAtomicIo;
  const now = options.now ?? (() => new Date());
  const root = join(options.dir, REVIEW_DIR);
  const commentsFile = (pid: string) => join(root, pid, 'comments.json');
  const proposalsDir = (pid: string) => join(root, pid, 'proposals');
  const proposalFile = (pid: string, id: string) => join(proposalsDir(pid), `${id}.json`);
  const workshopsDir = (pid: string) => join(root, pid, 'workshops');
  const workshopFile = (pid: string, id: string) => join(workshopsDir(pid), `${id}.json`);

  async function moveAside(file: string): Promise<void> {
    const stamp = now().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
    for (let n = 0; ; n++) {
      const target = `${file}.corrupt-${stamp}${n === 0 ? '' : `-${n}`}`;
      try {
        await fsp.access(target);
      } catch {
        await fsp.rename(file, target);
        return;
      }
    }
  }

  async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const db = new Low<unknown>(new AtomicJsonAdapter(file, { io }), null);
    try {
      await db.read();
    } catch (error) {
      if (!(error instanceof JsonParseError)) throw error;
      await moveAside(file);
      return undefined;
    }
    if (db.data === null) return undefined;
    const parsed = schema.safeParse(db.data);
    if (parsed.success) return parsed.data;
    await moveAside(file);
    return undefined;
  }

  /** Every `.json` file of a folder read with `schema`; a missing folder holds none. */
  async function readAll<T>(dir: string, schema: z.ZodType<T>): Promise<T[]> {
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    const out: T[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const item = await readJson(join(dir, name), schema);
      if (item) out.push(item);
    }
    return out;
  }

  async function writeJson(file: string, data: unknown): Promise<void> {
    await fsp.mkdir(join(file, '..'), { recursive: true });
    const db = new Low<unknown>(new AtomicJsonAdapter(file, { io, indent: 0 }), null);
    db.data = data;
    await db.write();
  }

  return {
    readComments: async (pid) => (await readJson(commentsFile(pid), CommentsFileSchema))?.comments ?? [],
    writeComments: (pid, comments) => writeJson(commentsFile(pid), { comments }),

    async listProposals(pid) {
      const out = await readAll(proposalsDir(pid), ProposalFileSchema);
      return out.sort((a, b) => b.proposal.updatedAt.localeCompare(a.proposal.updatedAt));
    },

    async readProposal(pid, id) {
      const stored = await readJson(proposalFile(pid, id), ProposalFileSchema);
      if (!stored || stored.proposal.processId !== pid) throw new NotFoundError(`There is no proposal ${id} on this process.`);
      return stored;
    },

    writeProposal: (stored) => writeJson(proposalFile(stored.proposal.processId, stored.proposal.id), stored),

    async listWorkshops(pid) {
      const out = (await readAll(workshopsDir(pid), WorkshopRecordSchema)).filter((r) => r.processId === pid);
      return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },

    async readWorkshop(pid, id) {
      const record = await readJson(workshopFile(pid, id), WorkshopRecordSchema);
      return record && record.processId === pid && record.workshopId === id ? record : undefined;
    },

    writeWorkshop: (record) => writeJson(workshopFile(record.processId, record.workshopId), record),
  };
}
