import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { AtomicJsonAdapter, JsonParseError, isErrno, nodeAtomicIo, type AtomicIo } from './atomicAdapter';
import { NotFoundError } from './errors';
import { ProcessSchema, type Process } from '../../shared/model/schema';
import { CommentSchema, ProposalSchema, type Comment, type Proposal } from '../../shared/review/schema';

/**
 * Comments and proposals on disk, kept beside (never inside) the process documents:
 * `<workspace>/review/<processId>/comments.json` and `…/proposals/<proposalId>.json`. Adding a
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
}

export function createReviewStore(options: { dir: string; io?: AtomicIo; now?: () => Date }): ReviewStore {
  const io = options.io ?? nodeAtomicIo;
  const now = options.now ?? (() => new Date());
  const root = join(options.dir, REVIEW_DIR);
  const commentsFile = (pid: string) => join(root, pid, 'comments.json');
  const proposalsDir = (pid: string) => join(root, pid, 'proposals');
  const proposalFile = (pid: string, id: string) => join(proposalsDir(pid), `${id}.json`);

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
      let names: string[];
      try {
        names = await fsp.readdir(proposalsDir(pid));
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return [];
        throw error;
      }
      const out: StoredProposal[] = [];
      for (const name of names) {
        if (!name.endsWith('.json')) continue;
        const stored = await readJson(join(proposalsDir(pid), name), ProposalFileSchema);
        if (stored) out.push(stored);
      }
      return out.sort((a, b) => b.proposal.updatedAt.localeCompare(a.proposal.updatedAt));
    },

    async readProposal(pid, id) {
      const stored = await readJson(proposalFile(pid, id), ProposalFileSchema);
      if (!stored || stored.proposal.processId !== pid) throw new NotFoundError(`There is no proposal ${id} on this process.`);
      return stored;
    },

    writeProposal: (stored) => writeJson(proposalFile(stored.proposal.processId, stored.proposal.id), stored),
  };
}
