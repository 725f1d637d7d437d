/**
 * A workshop host for the kill -9 test (bundled and started by workshopKill.test.ts): opens (or
 * picks up) the workshop on a process, joins `participants` people named `<tag>-<n>`, then votes
 * as fast as a busy room would — each vote on a (participant, field) pair of its own — while the
 * facilitator autosaves the process every 600 ms. Prints `vote <ackTimeMs> <opId> <participantId>
 * <fieldId> <choice>` after each acknowledged vote and `saved <revision>` after each save. The
 * test kills it with SIGKILL at a random moment.
 */
import { createApi } from '../../../../src/main/api/handlers';
import { createWorkspace } from '../../../../src/main/services/workspace';
import type { Channel } from '../../../../src/shared/api/contract';
import type { Caller } from '../../../../src/main/services/live/types';

async function main(): Promise<void> {
  const [dir, processId, tag, count] = process.argv.slice(2) as [string, string, string, string];
  const workspace = createWorkspace({ dir });
  const api = createApi(workspace, { transport: 'http', loopbackUrl: () => 'http://127.0.0.1:5173/' });
  async function call(channel: Channel, input: unknown, caller?: Caller): Promise<any> {
    const r = await api.dispatch(channel, input, caller);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  }
  const info = await call('workshop:start', { processId });
  let doc = await call('process:open', { id: processId });
  const token = new URL(info.joinUrl).searchParams.get('token')!;
  const people: Caller[] = [];
  for (let n = 0; n < Number(count); n++) {
    const joined = api.workshop.exchangeJoinToken(token)!;
    const anonymous = api.workshop.identify(joined.sessionSecret)!;
    await call('workshop:profile', { name: `${tag}-${n}`, departmentId: doc.departments[n % doc.departments.length].id }, anonymous);
    people.push(api.workshop.identify(joined.sessionSecret)!);
  }
  const fields = doc.stages.flatMap((s: { id: string; fields: Array<{ id: string }> }) => s.fields.map((f) => ({ stageId: s.id, fieldId: f.id })));
  process.stdout.write(`ready ${info.workshopId}\n`);

  const autosave = async () => {
    for (let n = 0; ; n++) {
      await new Promise((r) => setTimeout(r, 600));
      const { revision: _r, createdAt: _c, updatedAt: _u, ...content } = doc;
      doc = await call('process:save', { process: { ...content, description: `${tag} autosave ${n}` }, baseRevision: doc.revision, kind: 'autosave' });
      process.stdout.write(`saved ${doc.revision}\n`);
    }
  };
  const vote = async (who: number) => {
    const caller = people[who]!;
    for (let n = 0; n < fields.length; n++) {
      const field = fields[n]!;
      const choice = (['keep', 'drop', 'unsure'] as const)[(n + who) % 3];
      const opId = `vote-${tag}-p${who}-f${n}`;
      await call('workshop:vote', { ...field, choice, opId }, caller);
      process.stdout.write(`vote ${Date.now()} ${opId} ${caller.participantId} ${field.fieldId} ${choice}\n`);
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
    }
  };
  await Promise.all([autosave(), ...people.map((_p, i) => vote(i))]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
